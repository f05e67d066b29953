using System.Buffers.Text;
using System.Security.Cryptography;

namespace Dashboard.Core.People;

/// <summary>The secret part of an invitation link: 256 random bits, URL-safe.</summary>
public static class InvitationToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

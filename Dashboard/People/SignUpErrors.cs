using Microsoft.AspNetCore.Identity;

namespace Dashboard.People;

/// <summary>Identity's refusals of a new account, said the way a student would say them.</summary>
public static class SignUpErrors
{
    public static string Rules(PasswordOptions rules) =>
        $"At least {rules.RequiredLength} characters, with a capital letter, a small letter, a digit and a symbol such as ! or #.";

    public static IReadOnlyList<string> InPlainWords(IEnumerable<IdentityError> errors, PasswordOptions rules) =>
        errors.Select(e => e.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => $"The password is too short: use at least {rules.RequiredLength} characters.",
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => "The password needs a symbol, such as ! or #.",
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "The password needs a digit (0–9).",
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => "The password needs a small letter (a–z).",
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => "The password needs a capital letter (A–Z).",
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "The password needs more different characters.",
            nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail) =>
                "An account with this e-mail already exists: sign in instead.",
            nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) =>
                "That is not an e-mail address we can use.",
            _ => e.Description,
        }).Distinct().ToList();
}

using System.ComponentModel.DataAnnotations;

namespace Dashboard.People;

/// <summary>A new password, typed twice: the form of the confirmation link and of a personal invitation.</summary>
public sealed class PasswordInput
{
    [Required(ErrorMessage = "Choose a password.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ: type the same password twice.")]
    public string Confirm { get; set; } = "";
}

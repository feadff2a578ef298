using System.ComponentModel.DataAnnotations;

namespace Sway.Privacy;

/// <summary>The <c>Privacy</c> settings (environment: <c>Privacy__PseudonymKey</c>; in Azure a Key Vault reference).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The development key: pseudonyms made with it can be recomputed by anyone who reads this source, which is fine for
    /// the demo population and public research datasets, and refused at start-up when a live network is enabled.
    /// </summary>
    public const string DevelopmentKey = "sway-development-pseudonym-key-not-for-live-networks";

    /// <summary>
    /// The secret key of reactor pseudonyms and tombstones (<see cref="AccountPseudonym"/>), at least 32 characters.
    /// Keep it stable: a new key gives every reactor a new pseudonym (their standing starts again) and makes existing
    /// tombstones unrecognisable, so a rotation must re-key the Tombstones table.
    /// </summary>
    [Required(ErrorMessage = "Privacy:PseudonymKey must be set.")]
    [MinLength(32, ErrorMessage = "Privacy:PseudonymKey must be at least 32 characters long.")]
    public string PseudonymKey { get; set; } = DevelopmentKey;
}

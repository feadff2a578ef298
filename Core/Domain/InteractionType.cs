namespace Sway.Domain;

/// <summary>The kinds of reaction a post can receive. Posting itself is not an interaction: Sway scores impact, not activity.</summary>
public enum InteractionType
{
    Reply,
    Repost,
    Quote,
    Mention,
    Like,
}

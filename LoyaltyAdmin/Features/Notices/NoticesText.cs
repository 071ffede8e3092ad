namespace LoyaltyAdmin.Features.Notices;

/// <summary>Marker type for the Notices page's strings (NoticesText.resx, NoticesText.zh-Hans.resx); members' texts are in NoticeMessages.</summary>
public sealed class NoticesText;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// When a failed delivery is tried again: 10 s after the first failure, then four times longer each time up to 4 hours,
/// each delay shifted by up to ±25% at random so receivers coming back are not hit by every sender at once. Retries go on
/// until a day has passed since the first attempt; the attempt after that is the last. docs/webhooks.md has the table.
/// </summary>
public static class WebhookRetrySchedule
{
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(4);
    public const double Factor = 4;
    public const double Jitter = 0.25;

    /// <summary>An endpoint failing this long without a success is disabled.</summary>
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(3);

    /// <summary>The delay after <paramref name="failedAttempts"/> failures, before jitter.</summary>
    public static TimeSpan BaseDelay(int failedAttempts)
    {
        var seconds = FirstDelay.TotalSeconds * Math.Pow(Factor, Math.Clamp(failedAttempts, 1, 30) - 1);
        return seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary><paramref name="random"/> in [0, 1) picks the jitter.</summary>
    public static TimeSpan Delay(int failedAttempts, double random) => BaseDelay(failedAttempts) * (1 - Jitter + 2 * Jitter * random);

    /// <summary>The next attempt after a failure, or null when the delivery has been retried for <see cref="RetryFor"/> and fails.</summary>
    public static DateTime? NextAttempt(DateTime firstAttemptUtc, DateTime nowUtc, int failedAttempts, double random) =>
        nowUtc - firstAttemptUtc >= RetryFor ? null : nowUtc + Delay(failedAttempts, random);
}

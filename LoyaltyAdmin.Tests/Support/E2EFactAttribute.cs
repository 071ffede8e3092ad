namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// A browser test: skipped with a clear reason where Chromium is not installed, except in CI
/// (<c>REQUIRE_E2E=1</c>) where a missing browser makes the test fail instead.
/// </summary>
public sealed class E2EFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string MissingChromium =
        "Chromium not found at /usr/bin/chromium: install it with apt-get install -y chromium (CI sets REQUIRE_E2E=1 and installs it)";

    public E2EFactAttribute()
    {
        if (!ChromiumAvailable && !Required)
            Skip = MissingChromium;
    }

    public static bool ChromiumAvailable => File.Exists(ChromiumPath);

    public static bool Required => Environment.GetEnvironmentVariable("REQUIRE_E2E") == "1";
}

/// <summary>A browser test against the private PostgreSQL cluster: needs both, skipped (or failed in CI) like each of them.</summary>
public sealed class PgE2EFactAttribute : FactAttribute
{
    public PgE2EFactAttribute()
    {
        if (!E2EFactAttribute.ChromiumAvailable && !E2EFactAttribute.Required)
            Skip = E2EFactAttribute.MissingChromium;
        else if (!PostgresCluster.Available && !PostgresCluster.Required)
            Skip = PostgresCluster.Missing;
    }
}

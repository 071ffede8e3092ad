namespace LoyaltyAdmin.Tests.Support;

/// <summary>Finds the checkout's folders from wherever the test binaries run.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string App => System.IO.Path.Combine(Path, "LoyaltyAdmin");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "LoyaltyAdmin.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LoyaltyAdmin.sln not found above " + AppContext.BaseDirectory);
    }
}

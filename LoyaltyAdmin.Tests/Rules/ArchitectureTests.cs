namespace LoyaltyAdmin.Tests.Rules;

public class ArchitectureTests
{
    [Fact]
    public void RulesHaveNoFrameworkDependencies()
    {
        var forbidden = new[] { "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MudBlazor", "Microsoft.Extensions" };
        var files = SourceTree.RulesSourceFiles().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var ns in forbidden) Assert.False(text.Contains(ns, StringComparison.Ordinal), $"{file} uses {ns}");
        }
    }
}

/// <summary>Finds the repository's source files from the test output folder.</summary>
internal static class SourceTree
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoyaltyAdmin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("LoyaltyAdmin.sln not found above " + AppContext.BaseDirectory);
    }

    public static string RulesFolder() => Path.Combine(RepoRoot(), "LoyaltyAdmin", "Rules");

    public static IEnumerable<string> RulesSourceFiles() =>
        Directory.EnumerateFiles(RulesFolder(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}

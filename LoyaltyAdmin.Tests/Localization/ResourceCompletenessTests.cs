using System.Text.RegularExpressions;
using System.Xml.Linq;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Localization;

public sealed partial class ResourceCompletenessTests
{
    public static TheoryData<string> NeutralResourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.App, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !Path.GetFileNameWithoutExtension(f).Contains('.') && !f.Contains("/obj/") && !f.Contains("/bin/")))
            data.Add(Path.GetRelativePath(RepositoryRoot.App, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(NeutralResourceFiles))]
    public void EveryKey_ExistsInEnglishAndSimplifiedChinese_WithText(string relativePath)
    {
        var english = Read(Path.Combine(RepositoryRoot.App, relativePath));
        var chinesePath = Path.Combine(RepositoryRoot.App, Path.ChangeExtension(relativePath, null) + ".zh-Hans.resx");
        Assert.True(File.Exists(chinesePath), $"{relativePath} has no zh-Hans translation file");
        var chinese = Read(chinesePath);

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.Empty(english.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        Assert.Empty(chinese.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        foreach (var (key, text) in english)
            Assert.True(Placeholders(text).SetEquals(Placeholders(chinese[key])), $"{key}: placeholders differ between languages");
    }

    [Fact]
    public void EveryKeyTheConsoleUses_IsInTheSharedStringTable()
    {
        var known = Read(Path.Combine(RepositoryRoot.App, "Resources", "Strings.resx")).Keys.ToHashSet();
        var used = Directory.EnumerateFiles(RepositoryRoot.App, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Where(f => File.ReadAllText(f).Contains("IStringLocalizer<Strings>"))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(used);
        Assert.Empty(used.Where(u => !known.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}"));
        Assert.All(LoyaltyAdmin.Identity.Roles.All, role => Assert.Contains("Role." + role, known));
        Assert.All(Enum.GetNames<LoyaltyAdmin.Components.Layout.NavGroup>(), group => Assert.Contains("Nav.Group." + group, known));
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // L["Key"] or l["Key"] with a complete literal key (prefix concatenations such as "Role." + role are checked by their own tests).
    [GeneratedRegex(@"\b[lL]\[""([A-Za-z0-9_.]+[A-Za-z0-9_])""")]
    private static partial Regex UsedKey();
}

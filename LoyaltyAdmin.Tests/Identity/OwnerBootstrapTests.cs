using System.Net;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Identity;

public sealed class OwnerBootstrapTests
{
    private static readonly Dictionary<string, string?> NoConfiguredOwner = new()
    {
        ["Bootstrap:OwnerEmail"] = "",
        ["Bootstrap:OwnerPassword"] = "",
    };

    [Fact]
    public async Task WithoutConfiguredPassword_AOneTimePasswordIsPrintedOnce_AndMustBeReplaced()
    {
        using var database = new TempDatabase();
        string password;
        await using (var host = new AppHost(database, NoConfiguredOwner))
        {
            var client = host.CreateBrowserlessClient();
            password = Regex.Match(string.Join("\n", host.Console.Lines), @"One-time password: (\S+)").Groups[1].Value;
            Assert.Equal(16, password.Length);
            Assert.Contains(host.Console.Lines, l => l.Contains(OwnerBootstrapper.DefaultOwnerEmail));

            var signIn = await client.SignInAsync(OwnerBootstrapper.DefaultOwnerEmail, password);
            Assert.Equal("/Account/ChangePassword", signIn.RedirectPath());

            var home = await client.GetAsync("/");
            Assert.Equal("/Account/ChangePassword", home.RedirectPath());

            var change = await client.SubmitFormAsync("/Account/ChangePassword", new Dictionary<string, string>
            {
                ["Input.Current"] = password,
                ["Input.New"] = "My-Own-Pass-42",
                ["Input.Confirm"] = "My-Own-Pass-42",
            });
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }

        await using (var restarted = new AppHost(database, NoConfiguredOwner))
        {
            var client = restarted.CreateBrowserlessClient();
            Assert.Empty(restarted.Console.Lines);
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(OwnerBootstrapper.DefaultOwnerEmail, password)).StatusCode); // old one-time password refused
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(OwnerBootstrapper.DefaultOwnerEmail, "My-Own-Pass-42")).StatusCode);
        }
    }

    [Fact]
    public void GeneratedPasswords_AreRandom_AndMeetThePolicy()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => OwnerBootstrapper.GeneratePassword()).ToList();

        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.True(p.Length >= 10);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
        });
    }
}

using System.Net;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyAdmin.Tests.Identity;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ConfiguredOwner_SignsIn_AndNoPasswordIsPrinted()
    {
        var client = host.CreateBrowserlessClient();

        var response = await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.RedirectPath());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.DoesNotContain(host.Console.Lines, l => l.Contains(AppHost.OwnerPassword));
    }

    [Fact]
    public async Task WrongPassword_ShowsAMessage_AndDoesNotSignIn()
    {
        var client = host.CreateBrowserlessClient();

        var response = await client.SignInAsync(AppHost.OwnerEmail, "Wrong-Pass-999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task EmptyFields_GetFieldMessages()
    {
        var response = await host.CreateBrowserlessClient().SignInAsync("", "");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(2, html.Split("brand-field-error").Length - 1);
    }

    [Fact]
    public async Task FiveFailures_LockTheAccount_EvenForTheRightPassword()
    {
        await host.CreateUserAsync("lock@test.local", Roles.Analyst);
        var client = host.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
            await client.SignInAsync("lock@test.local", "Wrong-Pass-999");

        var response = await client.SignInAsync("lock@test.local", AppHost.StandardPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked for 15 minutes after 5 failed attempts", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task DisabledAccount_CannotSignIn()
    {
        await host.CreateUserAsync("gone@test.local", Roles.Analyst, disabled: true);
        var client = host.CreateBrowserlessClient();

        var response = await client.SignInAsync("gone@test.local", AppHost.StandardPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task UnknownLockedAndDisabledAccounts_AndAWrongPassword_AllGetTheSameAnswer()
    {
        await host.CreateUserAsync("known@test.local", Roles.Analyst);
        await host.CreateUserAsync("lock@test.local", Roles.Analyst);
        await host.CreateUserAsync("gone@test.local", Roles.Analyst, disabled: true);
        var client = host.CreateBrowserlessClient();
        for (var i = 0; i < 5; i++)
            await client.SignInAsync("lock@test.local", "Wrong-Pass-999");

        string[] answers =
        [
            await ErrorAsync(client, "nobody@test.local", "Wrong-Pass-999"),
            await ErrorAsync(client, "known@test.local", "Wrong-Pass-999"),
            await ErrorAsync(client, "lock@test.local", "Wrong-Pass-999"),
            await ErrorAsync(client, "lock@test.local", AppHost.StandardPassword),
            await ErrorAsync(client, "gone@test.local", "Wrong-Pass-999"),
            await ErrorAsync(client, "gone@test.local", AppHost.StandardPassword),
        ];

        Assert.StartsWith("The email or password is not correct", answers[0]);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task EveryRefusedSignIn_ChecksOnePasswordHash_LikeAKnownAccount()
    {
        var hasher = new CountingHasher();
        await using var counted = host.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.RemoveAll<IPasswordHasher<AppUser>>();
            s.AddSingleton<IPasswordHasher<AppUser>>(hasher);
        }));
        await host.CreateUserAsync("known@test.local", Roles.Analyst);
        await host.CreateUserAsync("lock@test.local", Roles.Analyst);
        await host.CreateUserAsync("gone@test.local", Roles.Analyst, disabled: true);
        var client = counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            await client.SignInAsync("lock@test.local", "Wrong-Pass-999");

        foreach (var (email, password) in new[]
                 {
                     ("known@test.local", "Wrong-Pass-999"), ("nobody@test.local", "Wrong-Pass-999"),
                     ("lock@test.local", AppHost.StandardPassword), ("gone@test.local", AppHost.StandardPassword),
                 })
        {
            var before = hasher.Verifications;
            await client.SignInAsync(email, password);
            Assert.True(hasher.Verifications - before == 1, $"{email}: {hasher.Verifications - before} password checks");
        }
    }

    private static async Task<string> ErrorAsync(HttpClient client, string email, string password)
    {
        var html = await (await client.SignInAsync(email, password)).Content.ReadAsStringAsync();
        var error = Regex.Match(html, "data-testid=\"login-error\">([^<]*)<");
        Assert.True(error.Success, $"{email}: no error shown");
        return WebUtility.HtmlDecode(error.Groups[1].Value);
    }

    /// <summary>Identity's hasher, counting the password checks (a count instead of a stopwatch: no timed tests).</summary>
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        private int verifications;

        public int Verifications => verifications;

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task ForeignReturnUrl_IsIgnored()
    {
        var client = host.CreateBrowserlessClient();

        var response = await client.SubmitFormAsync("/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F", new Dictionary<string, string>
        {
            ["Input.Email"] = AppHost.OwnerEmail,
            ["Input.Password"] = AppHost.OwnerPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.RedirectPath());
    }

    [Fact]
    public async Task SignOut_PostedByAnotherSite_WithoutTheFormsToken_IsRefused()
    {
        var client = host.CreateBrowserlessClient();
        await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = host.CreateBrowserlessClient();
        await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        // The sign-out form lives in the interactive account menu; any of the console's forms carries the same kind of token.
        var page = await (await client.GetAsync("/Account/ChangePassword")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

using System.Net;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoyaltyAdmin.Tests.Hosting;

public sealed class AppHostTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Boots_OnAnEmptySqliteFile_AndServesTheLoginPage()
    {
        Assert.False(File.Exists(host.Database.FilePath));
        var client = host.CreateBrowserlessClient();

        var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign in", html);
        Assert.Contains("name=\"Input.Password\"", html);
        Assert.True(File.Exists(host.Database.FilePath));
        await using var connection = new SqliteConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM __EFMigrationsHistory";
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task Health_ReportsTheDatabaseReachable()
    {
        var response = await host.CreateBrowserlessClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/settings/users")]
    [InlineData("/settings/stores")]
    public async Task Anonymous_IsRedirectedToSignIn(string path)
    {
        var response = await host.CreateBrowserlessClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.RedirectPath());
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location!.Query);
    }

    [Theory]
    [InlineData("/brand/brand.css", "text/css")]
    [InlineData("/brand/logo.svg", "image/svg+xml")]
    [InlineData("/brand/favicon.svg", "image/svg+xml")]
    public async Task BrandAssets_FromTheRepositoryFolder_AreServed(string path, string contentType)
    {
        var response = await host.CreateBrowserlessClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownPage_AnswersNotFound_WithoutInternals()
    {
        var response = await host.CreateBrowserlessClient().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

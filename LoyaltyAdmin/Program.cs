using LoyaltyAdmin;
using LoyaltyAdmin.Components;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Tiers;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Localization;

var builder = WebApplication.CreateBuilder(Hosting.TranslateSwitches(args));
builder.AddLoyaltyConfiguration();
builder.AddLoyaltyWebSecurity();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddLoyaltyData(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddLoyaltyIdentity();
builder.Services.AddLoyaltyLocalization();
builder.Services.AddLoyaltyFeatures();
builder.Services.AddDemo(builder.Configuration);

var app = builder.Build();

app.UseLoyaltyForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiProblems();
app.UseRequestLocalization();
app.UseHttpsPolicy();
app.UseBrandAssets();
app.UseAuthentication();
app.UseForcedPasswordChange();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapCultureEndpoint();
app.MapProgrammeEndpoints();
app.MapTierEndpoints();
app.MapMembersEndpoints();
app.MapCampaignsEndpoints();
app.MapPrivacyEndpoints();
app.MapReportsEndpoints();
app.MapLoyaltyApi();
app.MapHealthChecks("/health").AllowAnonymous();

app.Run();

/// <summary>The entry point, visible to the integration tests' host.</summary>
public partial class Program;

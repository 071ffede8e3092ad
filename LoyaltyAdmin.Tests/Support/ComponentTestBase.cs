using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// The one bunit setup: loose JS interop, MudBlazor services without transitions, localization.
/// MudBlazor's services are async-disposable, so the context is disposed asynchronously.
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    protected ComponentTestBase()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Context.Services.AddLocalization();
    }

    protected BunitContext Context { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Context.DisposeAsync();
}

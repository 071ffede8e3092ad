// The console's reconnect dialog (#components-reconnect-modal): Blazor switches its classes, this answers its buttons.
(() => {
    const modal = document.getElementById('components-reconnect-modal');
    if (!modal) return;
    const reload = () => location.reload();
    // The server no longer knows this circuit: only a fresh page can continue.
    modal.addEventListener('components-reconnect-state-changed', e => { if (e.detail.state === 'rejected') reload(); });
    document.getElementById('components-reconnect-retry').addEventListener('click', async () => {
        try {
            if (!await Blazor.reconnect() && !await Blazor.resumeCircuit()) reload();
        } catch { reload(); }
    });
    document.getElementById('components-reconnect-resume').addEventListener('click', async () => {
        try {
            if (!await Blazor.resumeCircuit()) reload();
        } catch { reload(); }
    });
    document.getElementById('components-reconnect-reload').addEventListener('click', reload);
})();

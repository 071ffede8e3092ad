using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>docs/notices.md stays true: every notice type is described, with the texts the page previews in both languages.</summary>
public sealed class NoticesDocsTests : IAsyncLifetime
{
    private readonly MembersFixture f = NoticesTestData.Fixture();

    public Task InitializeAsync() => f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop);

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task TheDocs_DescribeEveryNoticeType_WithItsExampleTextsInBothLanguages()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "notices.md"));

        var previews = await f.Get<NoticeService>().PreviewsAsync(MembersFixture.Owner);

        Assert.All(BusinessEvents.Notices, type => Assert.Contains($"`{type}`", docs));
        Assert.All(previews, p =>
        {
            Assert.Contains(p.English, docs);
            Assert.Contains(p.Chinese, docs);
        });
    }
}

using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// The ready templates carry English names; an owner working in Chinese should start from 白银会员, not "Silver".
/// Names, gifts and benefit lines are looked up as "Tpl.{English}" and kept as they are when there is no translation.
/// </summary>
public static class TemplateText
{
    public static Rules.Programme Localize(Rules.Programme template, IStringLocalizer<ProgrammeText> l)
    {
        string Text(string english)
        {
            var local = l["Tpl." + english];
            return local.ResourceNotFound ? english : local.Value;
        }

        return template with
        {
            Name = Text(template.Name),
            Tiers = template.Tiers.Select(t => t with
            {
                Name = Text(t.Name),
                Benefits = t.Benefits with
                {
                    BirthdayGift = t.Benefits.BirthdayGift is { } gift ? Text(gift) : null,
                    Descriptions = t.Benefits.Descriptions.Select(Text).ToList(),
                },
            }).ToList(),
            EarningRules = template.EarningRules.Select(r => r with { Name = Text(r.Name) }).ToList(),
            GrowthRules = template.GrowthRules.Select(g => g with { Name = Text(g.Name) }).ToList(),
            Promotions = template.Promotions.Select(p => p with { Name = Text(p.Name) }).ToList(),
        };
    }
}

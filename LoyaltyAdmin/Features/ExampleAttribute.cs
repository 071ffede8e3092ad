namespace LoyaltyAdmin.Features;

/// <summary>
/// A sample value of a field of the integration API, shown in its OpenAPI document (<c>ApiSchemaExamples</c>) beside the
/// field's <see cref="System.ComponentModel.DescriptionAttribute"/>: what a client developer reads at /api/docs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ExampleAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}

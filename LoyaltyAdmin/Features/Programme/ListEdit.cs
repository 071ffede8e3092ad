namespace LoyaltyAdmin.Features.Programme;

/// <summary>Copy-on-write edits of the programme's immutable lists, for the editors.</summary>
public static class ListEdit
{
    public static IReadOnlyList<T> Replace<T>(this IReadOnlyList<T> list, int index, T item)
    {
        var copy = list.ToList();
        copy[index] = item;
        return copy;
    }

    public static IReadOnlyList<T> RemoveAt<T>(this IReadOnlyList<T> list, int index)
    {
        var copy = list.ToList();
        copy.RemoveAt(index);
        return copy;
    }

    public static IReadOnlyList<T> Append<T>(this IReadOnlyList<T> list, T item) => [.. list, item];

    public static IReadOnlyList<T> Toggle<T>(this IReadOnlyList<T> list, T item, bool present) =>
        present ? (list.Contains(item) ? list : [.. list, item]) : list.Where(i => !EqualityComparer<T>.Default.Equals(i, item)).ToList();
}

using System.Linq.Expressions;

namespace Frontline.Platform;

public static class ScopeQueries
{
    /// <summary>
    /// Rows whose community code lies under the scope, as a range on the code (index-friendly on both
    /// providers, where LIKE would not use the index on SQLite).
    /// </summary>
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, JurisdictionScope scope, string property = "CommunityCode")
    {
        if (scope.Code.Length == 0) return query.Where(_ => false);
        var (low, high) = scope.Range;
        var row = Expression.Parameter(typeof(T), "row");
        var code = Expression.Property(row, property);
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var zero = Expression.Constant(0);
        var body = Expression.AndAlso(
            Expression.GreaterThanOrEqual(Expression.Call(compare, code, Expression.Constant(low)), zero),
            Expression.LessThanOrEqual(Expression.Call(compare, code, Expression.Constant(high)), zero));
        return query.Where(Expression.Lambda<Func<T, bool>>(body, row));
    }
}

/// <summary>A page of a list: `?page=1&pageSize=50`, at most 500 a page.</summary>
public sealed record Paged<T>(long Total, IReadOnlyList<T> Items);

public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 500;

    /// <summary>Rows before this page; a page past any table's end (page × pageSize beyond an int) skips them all.</summary>
    public int Skip => (int)Math.Min((long)(Page - 1) * PageSize, int.MaxValue);

    /// <summary>The API's paging parameters: absent ones take their defaults, out-of-range ones are the caller's error.</summary>
    public static PageRequest From(int? page, int? pageSize)
    {
        if (page < 1) throw new DomainException("invalid-paging", StatusCodes.Status400BadRequest, "page", "page", MaxPageSize);
        if (pageSize is < 1 or > MaxPageSize)
            throw new DomainException("invalid-paging", StatusCodes.Status400BadRequest, "pageSize", "pageSize", MaxPageSize);
        return new(page ?? 1, pageSize ?? 50);
    }
}

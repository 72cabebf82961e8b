using System.Linq.Expressions;

namespace Frontline.Platform;

/// <summary>
/// Rooms, buildings and floors in the order a person reads them: runs of digits compare by value, so room 201 comes
/// before 1203 and 2栋 before 12栋 (as text, 1203 sorts first). The one comparer for every list and export that sorts
/// rooms or buildings; <see cref="ThenByNatural{T}"/> is its form for a query sorted by the database.
/// </summary>
public sealed class NaturalOrder : IComparer<string?>
{
    public static readonly NaturalOrder Instance = new();

    NaturalOrder() { }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                // Leading zeros do not count for the value (0201 = 201); the longer run of significant digits is the larger number.
                int si = i, sj = j;
                while (si < x.Length && x[si] == '0') si++;
                while (sj < y.Length && y[sj] == '0') sj++;
                int ei = si, ej = sj;
                while (ei < x.Length && char.IsAsciiDigit(x[ei])) ei++;
                while (ej < y.Length && char.IsAsciiDigit(y[ej])) ej++;
                var byLength = (ei - si).CompareTo(ej - sj);
                if (byLength != 0) return byLength;
                var byDigits = string.CompareOrdinal(x, si, y, sj, ei - si);
                if (byDigits != 0) return byDigits;
                i = ei;
                j = ej;
                continue;
            }
            var byChar = x[i].CompareTo(y[j]);
            if (byChar != 0) return byChar;
            i++;
            j++;
        }
        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }

    /// <summary>
    /// A database's form of the order, for a query paged in SQL: shorter text first, then the text. It agrees with
    /// <see cref="Compare"/> for names of one shape (201 and 1203, 2-101 and 12-101, 2栋 and 12栋), which rooms and buildings
    /// of one community are; no SQL function is needed, so both providers sort alike and an index on the column still helps.
    /// </summary>
    public static IOrderedQueryable<T> ThenByNatural<T>(IOrderedQueryable<T> query, Expression<Func<T, string?>> key)
    {
        var length = Expression.Lambda<Func<T, int>>(Expression.Property(key.Body, nameof(string.Length)), key.Parameters);
        return query.ThenBy(length).ThenBy(key);
    }
}

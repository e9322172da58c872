using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CogniteRecords.Core.Models
{
    /// <summary>
    /// Proposes a container property type for one column from the values seen in it (New-CdfContainer -FromObject).
    /// Text is read as: int64 (digits, optional sign, no leading zero: "007" stays text, it is an id), float64 (any
    /// invariant number: "1.5", "-2e3"), boolean (true/false, any case), date (yyyy-MM-dd), timestamp (ISO 8601
    /// yyyy-MM-ddTHH:mm[:ss[.fff]], 'T' or a space, with an optional Z or offset), else text. A column takes the narrowest type every one
    /// of its values fits: int64 and float64 values make float64, dates and timestamps make timestamp; anything else
    /// mixed makes text. .NET values keep their type (int → int64, double → float64, DateTime → timestamp, a
    /// dictionary → json, a list → a list of its items' type). Empty text, null, or a column missing from some objects
    /// makes the property nullable; a column never empty is proposed as not nullable.
    /// </summary>
    public sealed class PropertyTypeInference
    {
        [Flags]
        private enum Fits
        {
            None = 0, Int = 1, Float = 2, Bool = 4, Date = 8, Timestamp = 16, Text = 32, Json = 64,
        }

        private static readonly Regex IntegerText = new Regex(@"^[+-]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant);
        private static readonly Regex NumberText = new Regex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex DateText = new Regex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant);
        private static readonly Regex TimestampText = new Regex(
            @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$", RegexOptions.CultureInvariant);

        // Every value so far fits each type whose bit is still set; starts with all set, narrowed by each value.
        private Fits _fits = Fits.Int | Fits.Float | Fits.Bool | Fits.Date | Fits.Timestamp | Fits.Text | Fits.Json;
        private bool _sawList, _sawScalar;

        public PropertyTypeInference(string name) => Name = name;

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>Values seen that were not empty.</summary>
        public int Values { get; private set; }

        /// <summary>Whether an empty value (empty text, null) was seen, or the column was missing from an object.</summary>
        public bool SawEmpty { get; private set; }

        /// <summary>Records that the column was missing from one object.</summary>
        public void ObserveMissing() => SawEmpty = true;

        /// <summary>Narrows the proposal by one value.</summary>
        public void Observe(object? value)
        {
            if (value == null || value is DBNull || (value is string s0 && s0.Trim().Length == 0))
            {
                SawEmpty = true;
                return;
            }
            Values++;
            if (value is IEnumerable list && !(value is string) && !(value is IDictionary))
            {
                _sawList = true;
                foreach (var item in list)
                    if (item != null && !(item is string si && si.Trim().Length == 0)) _fits &= FitsOf(item);
                return;
            }
            _sawScalar = true;
            _fits &= FitsOf(value);
        }

        /// <summary>The proposed type: never null; text when nothing narrower fits every value (or no value was seen).</summary>
        public PropertyType Result
        {
            get
            {
                string type;
                if (_sawList && _sawScalar) type = "json";
                else if (Values == 0) type = "text";
                else if ((_fits & Fits.Int) != 0) type = "int64";
                else if ((_fits & Fits.Float) != 0) type = "float64";
                else if ((_fits & Fits.Bool) != 0) type = "boolean";
                else if ((_fits & Fits.Date) != 0) type = "date";
                else if ((_fits & Fits.Timestamp) != 0) type = "timestamp";
                else if ((_fits & Fits.Json) != 0) type = "json";
                else type = "text";
                return new PropertyType(type, _sawList && !_sawScalar && type != "json") { Nullable = SawEmpty };
            }
        }

        // Every value can be written to a text property (numbers and dates in invariant form, objects as JSON), so every
        // value fits Text; a column falls back to text when its values share no narrower type.
        private static Fits FitsOf(object value) => Fits.Text | value switch
        {
            string s => FitsOfText(s.Trim()),
            bool _ => Fits.Bool,
            byte _ or sbyte _ or short _ or ushort _ or int _ or uint _ or long _ => Fits.Int | Fits.Float,
            ulong ul => ul <= long.MaxValue ? Fits.Int | Fits.Float : Fits.Float,
            float f => float.IsNaN(f) || float.IsInfinity(f) ? Fits.None : Fits.Float,
            double d => double.IsNaN(d) || double.IsInfinity(d) ? Fits.None : Fits.Float,
            decimal _ => Fits.Float,
            DateTimeOffset _ or DateTime _ => Fits.Timestamp,
            IDictionary _ => Fits.Json,
            _ => Fits.None,
        };

        private static readonly Regex LeadingZero = new Regex(@"^[+-]?0[0-9]", RegexOptions.CultureInvariant);

        private static Fits FitsOfText(string s)
        {
            // "007" or "01234" is an id or a postal code: reading it as a number would lose its zeros.
            if (LeadingZero.IsMatch(s)) return Fits.None;
            if (IntegerText.IsMatch(s))
                return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? Fits.Int | Fits.Float : Fits.Float;
            if (NumberText.IsMatch(s))
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d) ? Fits.Float : Fits.None;
            if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase))
                return Fits.Bool;
            if (DateText.IsMatch(s))
                return DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? Fits.Date | Fits.Timestamp : Fits.None;
            if (TimestampText.IsMatch(s))
                return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) ? Fits.Timestamp : Fits.None;
            return Fits.None;
        }

        /// <summary>
        /// Proposes a property per column over rows of (column, value), in the order columns first appear; a column
        /// missing from some rows is nullable.
        /// </summary>
        public static IReadOnlyList<PropertyTypeInference> Propose(IEnumerable<IReadOnlyList<KeyValuePair<string, object?>>> rows)
        {
            var columns = new List<PropertyTypeInference>();
            var byName = new Dictionary<string, PropertyTypeInference>(StringComparer.Ordinal);
            var rowCount = 0;
            var seenIn = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                rowCount++;
                foreach (var cell in row)
                {
                    if (!byName.TryGetValue(cell.Key, out var column))
                    {
                        column = new PropertyTypeInference(cell.Key);
                        // Rows before this one did not have the column.
                        if (rowCount > 1) column.ObserveMissing();
                        byName[cell.Key] = column;
                        columns.Add(column);
                    }
                    column.Observe(cell.Value);
                    seenIn[cell.Key] = seenIn.TryGetValue(cell.Key, out var n) ? n + 1 : 1;
                }
            }
            foreach (var column in columns)
                if (seenIn[column.Name] < rowCount) column.ObserveMissing();
            return columns;
        }
    }
}

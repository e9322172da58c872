using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CogniteRecords.Core.Json;
using CogniteRecords.Core.Models;

namespace CogniteRecords.Core.Records
{
    /// <summary>
    /// Converts input values (CSV text, numbers, booleans, dates, hashtables, lists, JSON text) into the JSON a
    /// container property of a given type takes, writing it with the caller's <see cref="Utf8JsonWriter"/>.
    /// </summary>
    /// <remarks>
    /// Rules, by type: <c>text</c> takes anything (numbers and dates in invariant form, objects and lists as compact
    /// JSON); <c>int32</c>/<c>int64</c> take integral numbers or integer text in range; <c>float32</c>/<c>float64</c>
    /// take numbers or number text ("1.5", "1e3", or with the culture's decimal separator), never NaN or infinity; <c>boolean</c> takes booleans,
    /// true/false (any case) and 1/0; <c>timestamp</c> takes DateTime/DateTimeOffset, ISO-8601 text (UTC when no
    /// offset is given), other date-time text as <see cref="TextReading"/> reads it, or epoch milliseconds (a number or
    /// digits), written as yyyy-MM-ddTHH:mm:ss.fffZ (the API keeps milliseconds); <c>date</c> takes a DateTime at
    /// midnight, yyyy-MM-dd text, or other date text as <see cref="TextReading"/> reads it;
    /// <c>json</c> takes a dictionary or JSON object text; <c>direct</c> takes a dictionary or JSON text with
    /// space and externalId. A list property takes a list, JSON array text, or (with a separator) text split on it;
    /// each element follows the rules of the base type. Null and empty text are "no value" and are left out by the
    /// caller (see <see cref="IsEmpty"/>).
    /// </remarks>
    public static class RecordValueConverter
    {
        /// <summary>At most this many items in a list property (100 for direct relations).</summary>
        public const int MaxListItems = 1000;
        public const int MaxDirectListItems = 100;

        /// <summary>Whether the value counts as absent: null, DBNull, or empty text (an empty CSV cell).</summary>
        public static bool IsEmpty(object? value) => value == null || value is DBNull || (value is string s && s.Length == 0);

        /// <summary>Writes <paramref name="value"/> as the property's JSON value, or throws <see cref="RecordValueException"/>.</summary>
        /// <param name="reading">How text that is not ISO 8601 is read as a date or number; null: the current culture.</param>
        public static void Write(Utf8JsonWriter w, object? value, PropertyType type, string? listSeparator, TextReading? reading = null)
        {
            reading ??= TextReading.Current;
            if (value is JsonElement je && je.ValueKind == JsonValueKind.Null) value = null;
            if (value == null || value is DBNull)
            {
                w.WriteNullValue();
                return;
            }
            if (type.EnumValues != null)
            {
                WriteEnum(w, value, type);
                return;
            }
            if (!type.List)
            {
                WriteScalar(w, value, type.Type, reading);
                return;
            }

            IEnumerable items;
            switch (value)
            {
                case string text:
                    {
                        var trimmed = text.Trim();
                        if (trimmed.StartsWith("[", StringComparison.Ordinal))
                        {
                            JsonDocument doc;
                            try { doc = JsonDocument.Parse(trimmed); }
                            catch (JsonException e) { throw new RecordValueException($"'{Short(text)}' is not a JSON array: {e.Message}"); }
                            using (doc)
                            {
                                WriteList(w, doc.RootElement.EnumerateArray(), type, reading);
                            }
                            return;
                        }
                        if (listSeparator != null)
                        {
                            items = text.Split(new[] { listSeparator }, StringSplitOptions.None);
                            break;
                        }
                        throw new RecordValueException($"'{Short(text)}' is not a list: give a JSON array such as [\"a\",\"b\"], or pass -ListSeparator to split text.");
                    }
                case JsonElement e when e.ValueKind == JsonValueKind.Array:
                    items = e.EnumerateArray();
                    break;
                case IDictionary _:
                    throw new RecordValueException("an object is not a list.");
                case IEnumerable list:
                    items = list;
                    break;
                default:
                    // One value for a list property: a list of one.
                    items = new[] { value };
                    break;
            }
            WriteList(w, items, type, reading);
        }

        private static void WriteList(Utf8JsonWriter w, IEnumerable items, PropertyType type, TextReading reading)
        {
            var max = type.Type == "direct" ? MaxDirectListItems : MaxListItems;
            var n = 0;
            w.WriteStartArray();
            foreach (var item in items)
            {
                if (++n > max) throw new RecordValueException($"the list has more than {max} items, the most a {type.Type} list property takes.");
                var v = item is JsonElement je && je.ValueKind == JsonValueKind.Null ? null : item;
                if (v == null) throw new RecordValueException($"item {n} of the list is null; lists cannot hold nulls.");
                try
                {
                    WriteScalar(w, v, type.Type, reading);
                }
                catch (RecordValueException e)
                {
                    throw new RecordValueException($"item {n} of the list: {e.Message}");
                }
            }
            w.WriteEndArray();
        }

        private static void WriteScalar(Utf8JsonWriter w, object value, string type, TextReading reading)
        {
            if (value is JsonElement je) value = FromJson(je);
            switch (type)
            {
                case "text":
                    w.WriteStringValue(ToText(value));
                    return;
                case "boolean":
                    w.WriteBooleanValue(ToBoolean(value));
                    return;
                case "int32":
                    w.WriteNumberValue(checked((int)ToInteger(value, int.MinValue, int.MaxValue, "int32")));
                    return;
                case "int64":
                    w.WriteNumberValue(ToInteger(value, long.MinValue, long.MaxValue, "int64"));
                    return;
                case "float32":
                    {
                        var d = ToFloat(value, "float32", reading);
                        if (Math.Abs(d) > float.MaxValue) throw new RecordValueException($"{d.ToString("R", CultureInfo.InvariantCulture)} is out of the float32 range.");
                        w.WriteNumberValue((float)d);
                        return;
                    }
                case "float64":
                    w.WriteNumberValue(ToFloat(value, "float64", reading));
                    return;
                case "timestamp":
                    w.WriteStringValue(ToTimestamp(value, reading).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    return;
                case "date":
                    w.WriteStringValue(ToDate(value, reading).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    return;
                case "direct":
                    WriteDirect(w, value);
                    return;
                default: // json, and any type this client does not know: sent as given
                    WriteJson(w, value, type);
                    return;
            }
        }

        /// <summary>
        /// An enum value: text (surrounding blanks dropped) that is one of the property's values, compared exactly as the
        /// API does; its unknownValue is for readers only and cannot be written.
        /// </summary>
        private static void WriteEnum(Utf8JsonWriter w, object value, PropertyType type)
        {
            if (value is JsonElement je) value = FromJson(je);
            var values = type.EnumValues!;
            if (!(value is string s))
                throw new RecordValueException($"{Describe(value)} is not a value of the enum ({string.Join(", ", values)}).");
            var text = s.Trim();
            if (!values.Contains(text))
            {
                var other = values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
                throw new RecordValueException($"'{Short(s)}' is not a value of the enum ({string.Join(", ", values)})" +
                    (other != null ? $"; values are compared exactly: did you mean '{other}'?" : "."));
            }
            if (text == type.UnknownValue)
                throw new RecordValueException($"'{text}' is the enum's unknownValue, which readers use for values they do not know; it cannot be written.");
            w.WriteStringValue(text);
        }

        /// <summary>A JSON element as a plain .NET value (objects and arrays stay JsonElement).</summary>
        private static object FromJson(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => e.TryGetInt64(out var l) ? l : (object)e.GetDouble(),
            _ => e,
        };

        private static string ToText(object value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            DateTimeOffset or DateTime => CompactJson.Serialize(value).Trim('"'),
            JsonElement e => e.GetRawText(),
            IDictionary or IEnumerable => CompactJson.Serialize(value),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        private static bool ToBoolean(object value)
        {
            switch (value)
            {
                case bool b: return b;
                case string s:
                    var t = s.Trim();
                    if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t == "1") return true;
                    if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t == "0") return false;
                    throw new RecordValueException($"'{Short(s)}' is not a boolean: use true/false (or 1/0).");
                case int or long or short or byte or sbyte or uint or ulong or ushort:
                    var n = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    if (n == 0 || n == 1) return n == 1;
                    break;
            }
            throw new RecordValueException($"{Describe(value)} is not a boolean: use true/false (or 1/0).");
        }

        private static long ToInteger(object value, long min, long max, string type)
        {
            long n;
            switch (value)
            {
                case string s:
                    if (!long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out n))
                    {
                        // "12.0" or "1e3" are integers written as decimals: accept them when the value is integral.
                        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && IsIntegral(d, out n)) break;
                        throw new RecordValueException($"'{Short(s)}' is not an integer ({type}).");
                    }
                    break;
                case int or long or short or byte or sbyte or uint or ushort:
                    n = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    break;
                case ulong ul:
                    if (ul > long.MaxValue) throw new RecordValueException($"{ul} is out of the {type} range.");
                    n = (long)ul;
                    break;
                case double or float or decimal:
                    var dv = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (!IsIntegral(dv, out n)) throw new RecordValueException($"{dv.ToString("R", CultureInfo.InvariantCulture)} is not an integer ({type}).");
                    break;
                default:
                    throw new RecordValueException($"{Describe(value)} is not an integer ({type}).");
            }
            if (n < min || n > max) throw new RecordValueException($"{n} is out of the {type} range ({min} to {max}).");
            return n;
        }

        private static bool IsIntegral(double d, out long n)
        {
            n = 0;
            if (double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d || d < -9.2233720368547758E+18 || d >= 9.2233720368547758E+18) return false;
            n = (long)d;
            return true;
        }

        private static double ToFloat(object value, string type, TextReading reading)
        {
            double d;
            switch (value)
            {
                case string s:
                    // Invariant text ("1.5", what JSON and PowerShell's casts write) first; else the culture's decimal
                    // separator ("1,5" from Export-Csv under de-DE). Neither allows group separators, so no text
                    // reads as a number both ways.
                    if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)
                        && !double.TryParse(s.Trim(), NumberStyles.Float, reading.Culture, out d))
                        throw new RecordValueException($"'{Short(s)}' is not a number ({type}): write it as 1.5 or 1e3, or with the current culture's ({reading.CultureName}) decimal separator '{reading.Culture.NumberFormat.NumberDecimalSeparator}'.");
                    break;
                case double or float or decimal or int or long or short or byte or sbyte or uint or ulong or ushort:
                    d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new RecordValueException($"{Describe(value)} is not a number ({type}).");
            }
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new RecordValueException($"{Describe(value)} is not a finite number; JSON has no NaN or infinity.");
            return d;
        }

        /// <summary>The UTC instant of a timestamp value, truncated to milliseconds (the API's precision).</summary>
        internal static DateTimeOffset ToTimestamp(object value, TextReading? reading = null)
        {
            DateTimeOffset t;
            switch (value)
            {
                case DateTimeOffset dto: t = dto; break;
                case DateTime dt: t = dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt.ToUniversalTime()); break;
                case long or int:
                    t = FromEpoch(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double d when IsIntegral(d, out var ms2):
                    t = FromEpoch(ms2);
                    break;
                case string s:
                    {
                        var text = s.Trim();
                        if (text.Length > 0 && IsDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms3))
                        {
                            t = FromEpoch(ms3);
                            break;
                        }
                        t = (reading ?? TextReading.Current).ReadTimestamp(text);
                        break;
                    }
                default:
                    throw new RecordValueException($"{Describe(value)} is not a timestamp.");
            }
            var utc = t.ToUniversalTime();
            var truncated = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            if (truncated.Year < 1 || truncated.Year > 9999) throw new RecordValueException($"{Describe(value)} is out of the timestamp range.");
            return truncated;
        }

        private static DateTimeOffset FromEpoch(long ms)
        {
            try { return DateTimeOffset.FromUnixTimeMilliseconds(ms); }
            catch (ArgumentOutOfRangeException) { throw new RecordValueException($"{ms} is out of the timestamp range (epoch milliseconds)."); }
        }

        private static bool IsDigits(string s)
        {
            foreach (var c in s) if (c < '0' || c > '9') return false;
            return true;
        }

        internal static DateTime ToDate(object value, TextReading? reading = null)
        {
            switch (value)
            {
                case DateTime dt when dt.TimeOfDay == TimeSpan.Zero: return dt.Date;
                case DateTimeOffset dto when dto.TimeOfDay == TimeSpan.Zero: return dto.Date;
                case string s: return (reading ?? TextReading.Current).ReadDate(s.Trim());
            }
            throw new RecordValueException($"{Describe(value)} is not a date (yyyy-MM-dd, with no time of day).");
        }

        private static void WriteDirect(Utf8JsonWriter w, object value)
        {
            string? space = null, id = null;
            switch (value)
            {
                case IDictionary map:
                    foreach (DictionaryEntry e in map)
                    {
                        var key = Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                        if (string.Equals(key, "space", StringComparison.OrdinalIgnoreCase)) space = e.Value as string;
                        else if (string.Equals(key, "externalId", StringComparison.OrdinalIgnoreCase)) id = e.Value as string;
                    }
                    break;
                case string s when s.TrimStart().StartsWith("{", StringComparison.Ordinal):
                    try
                    {
                        using var doc = JsonDocument.Parse(s);
                        ReadDirect(doc.RootElement, out space, out id);
                    }
                    catch (JsonException e)
                    {
                        throw new RecordValueException($"'{Short(s)}' is not JSON: {e.Message}");
                    }
                    break;
                case JsonElement je when je.ValueKind == JsonValueKind.Object:
                    ReadDirect(je, out space, out id);
                    break;
            }
            if (string.IsNullOrEmpty(space) || string.IsNullOrEmpty(id))
                throw new RecordValueException($"{Describe(value)} is not a direct relation: give {{\"space\": \"...\", \"externalId\": \"...\"}} (JSON text or a hashtable).");
            w.WriteStartObject();
            w.WriteString("space", space);
            w.WriteString("externalId", id);
            w.WriteEndObject();
        }

        private static void ReadDirect(JsonElement e, out string? space, out string? id)
        {
            space = null; id = null;
            if (e.ValueKind != JsonValueKind.Object) return;
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                if (string.Equals(p.Name, "space", StringComparison.OrdinalIgnoreCase)) space = p.Value.GetString();
                else if (string.Equals(p.Name, "externalId", StringComparison.OrdinalIgnoreCase)) id = p.Value.GetString();
            }
        }

        private static void WriteJson(Utf8JsonWriter w, object value, string type)
        {
            switch (value)
            {
                case string s:
                    {
                        JsonDocument doc;
                        try { doc = JsonDocument.Parse(s); }
                        catch (JsonException e) { throw new RecordValueException($"'{Short(s)}' is not JSON ({type}): {e.Message}"); }
                        using (doc)
                        {
                            if (type == "json" && doc.RootElement.ValueKind != JsonValueKind.Object)
                                throw new RecordValueException($"'{Short(s)}' is not a JSON object ({type}).");
                            doc.RootElement.WriteTo(w);
                        }
                        return;
                    }
                case JsonElement e:
                    e.WriteTo(w);
                    return;
                case IDictionary:
                    using (var doc = JsonDocument.Parse(CompactJson.Serialize(value))) doc.RootElement.WriteTo(w);
                    return;
                default:
                    throw new RecordValueException($"{Describe(value)} is not a JSON object ({type}).");
            }
        }

        private static string Describe(object value) => value switch
        {
            string s => "'" + Short(s) + "'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture) + " (" + value.GetType().Name + ")",
            _ => "a " + value.GetType().Name,
        };

        internal static string Short(string s) => s.Length <= 60 ? s : s.Substring(0, 57) + "...";
    }
}

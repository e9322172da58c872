using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CogniteRecords.Core.Export;

namespace CogniteRecords.Core.Json
{
    /// <summary>
    /// Writes plain .NET values (strings, numbers, booleans, dates, dictionaries, lists) as compact JSON: how lists
    /// and objects appear in a CSV cell. Timestamps and dates as <see cref="ExportValueFormatter"/> writes them.
    /// </summary>
    public static class CompactJson
    {
        internal static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public static string Serialize(object? value, Func<object?, object?>? unwrap = null)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, Options))
            {
                Write(w, value, unwrap, 0);
            }
            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        /// <summary>Writes one value (and what it holds) to <paramref name="w"/>, as <see cref="Serialize"/> does.</summary>
        internal static void WriteValue(Utf8JsonWriter w, object? value, Func<object?, object?>? unwrap) => Write(w, value, unwrap, 0);

        private static void Write(Utf8JsonWriter w, object? value, Func<object?, object?>? unwrap, int depth)
        {
            if (unwrap != null) value = unwrap(value);
            if (depth > 64) { w.WriteStringValue(value?.ToString()); return; }
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): w.WriteNumberValue(d); break;
                case float f when !float.IsNaN(f) && !float.IsInfinity(f): w.WriteNumberValue(f); break;
                case decimal m: w.WriteNumberValue(m); break;
                case short or byte or sbyte or ushort or uint: w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case ulong ul: w.WriteNumberValue(ul); break;
                case DateTimeOffset dto: w.WriteStringValue(ExportValueFormatter.Timestamp(dto)); break;
                case DateTime dt: w.WriteStringValue(ExportValueFormatter.DateOrTimestamp(dt)); break;
                case IDictionary map:
                    w.WriteStartObject();
                    foreach (DictionaryEntry e in map)
                    {
                        w.WritePropertyName(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "");
                        Write(w, e.Value, unwrap, depth + 1);
                    }
                    w.WriteEndObject();
                    break;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) Write(w, item, unwrap, depth + 1);
                    w.WriteEndArray();
                    break;
                default:
                    w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}

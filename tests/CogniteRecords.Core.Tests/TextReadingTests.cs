using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using CogniteRecords.Core.Models;
using CogniteRecords.Core.Records;

namespace CogniteRecords.Core.Tests
{
    /// <summary>
    /// Date, timestamp and number text in en-US, en-GB and de-DE: ISO 8601 always, the current culture otherwise, and
    /// text that the culture and PowerShell's invariant form read as different days refused, never guessed.
    /// </summary>
    public class TextReadingTests
    {
        private static string Convert(object value, string type, string culture, params string[] formats)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                RecordValueConverter.Write(w, value, new PropertyType(type, false), null, new TextReading(new CultureInfo(culture), formats));
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Trim('"');
        }

        private static string Refused(object value, string type, string culture, params string[] formats) =>
            Assert.Throws<RecordValueException>(() => Convert(value, type, culture, formats)).Message;

        [Theory]
        [InlineData("en-US")]
        [InlineData("en-GB")]
        [InlineData("de-DE")]
        public void ISO_8601_reads_the_same_in_every_culture(string culture)
        {
            Assert.Equal("2024-01-08T10:00:00.250Z", Convert("2024-01-08T10:00:00.250Z", "timestamp", culture));
            Assert.Equal("2024-01-08T08:00:00.000Z", Convert("2024-01-08T10:00:00+02:00", "timestamp", culture));
            Assert.Equal("2024-01-08T10:00:00.000Z", Convert("2024-01-08 10:00:00", "timestamp", culture));
            Assert.Equal("2024-01-08", Convert("2024-01-08", "date", culture));
            Assert.Equal("2024-01-08T10:00:00.000Z", Convert("1704708000000", "timestamp", culture));
            Assert.Equal("0.25", Convert("0.25", "float64", culture));
        }

        [Fact]
        public void What_Export_Csv_writes_in_en_US_reads_back_as_written()
        {
            // ToString() of a DateTimeOffset and a DateTime in en-US: month first, as the invariant form.
            var at = new DateTimeOffset(2024, 1, 8, 10, 0, 0, TimeSpan.Zero);
            Assert.Equal("2024-01-08T10:00:00.000Z", Convert(at.ToString(new CultureInfo("en-US")), "timestamp", "en-US"));
            Assert.Equal("2024-01-08", Convert(new DateTime(2024, 1, 8).ToString(new CultureInfo("en-US")), "date", "en-US"));
        }

        [Theory]
        [InlineData("en-GB", "08/01/2024 10:00:00 +00:00", "08/01/2024 00:00:00")]
        [InlineData("de-DE", "08/01/2024 10:00:00 +00:00", "08/01/2024")]
        public void Day_first_text_that_the_invariant_form_reads_as_another_day_is_refused_naming_both_readings(string culture, string timestamp, string date)
        {
            var message = Refused(timestamp, "timestamp", culture);
            Assert.Contains("2024-01-08T10:00:00.000Z", message);
            Assert.Contains("2024-08-01T10:00:00.000Z", message);
            Assert.Contains(culture, message);
            Assert.Contains("-DateFormat", message);

            message = Refused(date, "date", culture);
            Assert.Contains("2024-01-08", message);
            Assert.Contains("2024-08-01", message);
        }

        [Fact]
        public void The_culture_alone_reads_text_the_invariant_form_cannot()
        {
            // 13 cannot be a month; dots are no invariant separator.
            Assert.Equal("2024-01-13T10:00:00.000Z", Convert("13/01/2024 10:00:00 +00:00", "timestamp", "en-GB"));
            Assert.Equal("2024-01-08T10:00:00.000Z", Convert(new DateTimeOffset(2024, 1, 8, 10, 0, 0, TimeSpan.Zero).ToString(new CultureInfo("de-DE")), "timestamp", "de-DE"));
            Assert.Equal("2024-01-08", Convert(new DateTime(2024, 1, 8).ToString(new CultureInfo("de-DE")), "date", "de-DE"));
            // The same day both ways is no ambiguity.
            Assert.Equal("2024-05-05", Convert("05/05/2024", "date", "en-GB"));
        }

        [Fact]
        public void Text_only_the_invariant_form_reads_is_refused_in_another_culture()
        {
            var message = Refused("01/13/2024 10:00:00", "timestamp", "en-GB");
            Assert.Contains("2024-01-13T10:00:00.000Z", message);
            Assert.Contains("en-GB", message);
        }

        [Fact]
        public void A_named_format_decides_and_ISO_still_reads()
        {
            Assert.Equal("2024-01-08T10:00:00.000Z", Convert("08/01/2024 10:00:00 +00:00", "timestamp", "en-GB", "dd/MM/yyyy HH:mm:ss zzz"));
            Assert.Equal("2024-08-01T10:00:00.000Z", Convert("08/01/2024 10:00:00", "timestamp", "en-GB", "MM/dd/yyyy HH:mm:ss"));
            Assert.Equal("2024-01-08", Convert("08/01/2024", "date", "de-DE", "dd/MM/yyyy"));
            Assert.Equal("2024-01-08", Convert("2024-01-08", "date", "de-DE", "dd/MM/yyyy"));
            Assert.Contains("'dd/MM/yyyy'", Refused("2024/01/08", "date", "de-DE", "dd/MM/yyyy"));
        }

        [Fact]
        public void Numbers_read_invariant_or_with_the_culture_decimal_separator()
        {
            Assert.Equal("1.5", Convert("1,5", "float64", "de-DE"));
            Assert.Equal("1.5", Convert("1.5", "float64", "de-DE"));
            Assert.Contains("'.'", Refused("1,5", "float64", "en-US"));
        }
    }
}

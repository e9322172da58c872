using System.Text.RegularExpressions;

namespace CogniteRecords.Emulator.Storage
{
    /// <summary>The identifier rules of the reference's "Identifiers" table; each check names the field.</summary>
    internal static partial class Identifiers
    {
        [GeneratedRegex("^[a-z]([a-z0-9_-]{0,98}[a-z0-9])?$")]
        private static partial Regex StreamIdRegex();

        [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$")]
        private static partial Regex SpaceRegex();

        [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$")]
        private static partial Regex ContainerRegex();

        [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$")]
        private static partial Regex PropertyRegex();

        private static readonly string[] ReservedProperties = { "space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "extensions" };

        public static void StreamId(string value, string field)
        {
            if (value.Length < 1 || value.Length > 100 || !StreamIdRegex().IsMatch(value))
                throw new ApiException(400, $"'{field}' is not a valid stream id: '{Show(value)}'. It must be 1-100 characters matching ^[a-z]([a-z0-9_-]{{0,98}}[a-z0-9])?$.");
            if (value.StartsWith("cdf_") || value.StartsWith("cognite_"))
                throw new ApiException(400, $"'{field}' must not start with 'cdf_' or 'cognite_': '{value}'.");
            if (value is "logs" or "records")
                throw new ApiException(400, $"'{field}' must not be '{value}': the name is reserved.");
        }

        public static void Space(string value, string field)
        {
            if (value.Length < 1 || value.Length > 43 || !SpaceRegex().IsMatch(value))
                throw new ApiException(400, $"'{field}' is not a valid space: '{Show(value)}'. It must be 1-43 characters matching ^[a-zA-Z][a-zA-Z0-9_-]{{0,41}}[a-zA-Z0-9]?$.");
        }

        public static void RecordExternalId(string value, string field)
        {
            if (value.Length < 1 || value.Length > 256)
                throw new ApiException(400, $"'{field}' must be 1-256 characters long; it was {value.Length}.");
            if (value.IndexOf('\0') >= 0)
                throw new ApiException(400, $"'{field}' must not contain a NUL character.");
        }

        public static void ContainerExternalId(string value, string field)
        {
            if (value.Length < 1 || value.Length > 255 || !ContainerRegex().IsMatch(value))
                throw new ApiException(400, $"'{field}' is not a valid container externalId: '{Show(value)}'. It must be 1-255 characters matching ^[a-zA-Z]([a-zA-Z0-9_]{{0,253}}[a-zA-Z0-9])?$.");
        }

        public static void PropertyId(string value, string field)
        {
            if (value.Length < 1 || value.Length > 255 || !PropertyRegex().IsMatch(value))
                throw new ApiException(400, $"'{field}' is not a valid property id: '{Show(value)}'. It must be 1-255 characters matching ^[a-zA-Z0-9][a-zA-Z0-9_-]{{0,253}}[a-zA-Z0-9]?$.");
            if (System.Array.IndexOf(ReservedProperties, value) >= 0)
                throw new ApiException(400, $"'{field}' uses the reserved property id '{value}'.");
        }

        private static string Show(string value) => value.Length > 120 ? value[..120] + "..." : value;
    }
}

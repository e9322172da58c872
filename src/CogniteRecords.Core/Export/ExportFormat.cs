namespace CogniteRecords.Core.Export
{
    /// <summary>The file formats Export-CdfRecord writes.</summary>
    public enum ExportFormat
    {
        Csv, JsonLines, Parquet,
    }
}

namespace CogniteRecords.Core.Export
{
    /// <summary>The shape of the rows: a flat record (the five record fields, then the properties), a -Raw item, or any object's properties.</summary>
    public enum ExportShape
    {
        Flat, Raw, Properties,
    }
}

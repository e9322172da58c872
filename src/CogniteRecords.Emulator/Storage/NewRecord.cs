namespace CogniteRecords.Emulator.Storage
{
    /// <summary>A record to write, already validated: its properties are canonical UTF-8 JSON.</summary>
    public sealed record NewRecord(string Space, string ExternalId, byte[] Properties, (string Space, string Container)[] Containers);
}

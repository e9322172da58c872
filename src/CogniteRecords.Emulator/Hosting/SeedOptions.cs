namespace CogniteRecords.Emulator.Hosting
{
    /// <summary>What to seed: a stream with N deterministic synthetic records of K properties.</summary>
    public sealed class SeedOptions
    {
        public string Project { get; set; } = "";
        public string Stream { get; set; } = "";
        public int Records { get; set; }
        public int Properties { get; set; } = 10;
        public string Space { get; set; } = "emulator";
        public string Container { get; set; } = "synthetic";
        public string Template { get; set; } = "BasicLiveData";
    }
}

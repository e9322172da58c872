using CogniteRecords.Emulator.Hosting;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>An emulator that stands for a named cluster, with a client of its identity provider.</summary>
    public sealed class ClusterFixture : EmulatorFixture
    {
        public const string Cluster = "https://westeurope-1.cognitedata.com";

        protected override void Configure(EmulatorOptions options)
        {
            options.ClusterUrls.Add(Cluster);
            options.Clients.Add("runbook:s3cret");
        }
    }
}

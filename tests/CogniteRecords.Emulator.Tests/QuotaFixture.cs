using CogniteRecords.Emulator.Hosting;
using CogniteRecords.Emulator.Storage;

namespace CogniteRecords.Emulator.Tests
{
    /// <summary>An emulator with stream quotas on, an operator's template, and room for two soft-deleted streams.</summary>
    public sealed class QuotaFixture : EmulatorFixture
    {
        protected override void Configure(EmulatorOptions options)
        {
            options.StreamQuotas = true;
            options.MaxSoftDeletedStreams = 2;
            options.Templates.Add(StreamTemplate.Parse("FourYearArchive=Immutable,streams=1,dataDeletedAfter=P1461D"));
        }
    }
}

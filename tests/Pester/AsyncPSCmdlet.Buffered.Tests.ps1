#Requires -Version 7.4
# AsyncPSCmdlet's buffered mode (PostBuffered, FlushBufferedAsync), through two small cmdlets compiled here on top of
# it: output from background work that outlives the cmdlet's steps reaches the pipeline whole and in the order posted,
# and a flush completes even when it comes while the step's queue is full.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    if (-not ('BufferedModeTest.TestBufferedOutputCommand' -as [type])) {
        $module = [CogniteRecords.Internal.AsyncPSCmdlet].Assembly.Location
        $types = Add-Type -PassThru -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $module, ([psobject].Assembly.Location), 'netstandard', 'System.Runtime', 'System.Threading.Tasks' -TypeDefinition @'
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CogniteRecords.Internal;

namespace BufferedModeTest
{
    // A producer started in BeginProcessing posts 1..Count in buffered mode while the input goes by: some while a
    // step runs (every 10th input has an async step), most between steps. EndProcessing waits for it, flushes, then
    // writes "flushed".
    [Cmdlet("Test", "BufferedOutput")]
    public sealed class TestBufferedOutputCommand : AsyncPSCmdlet
    {
        [Parameter(ValueFromPipeline = true)] public int InputObject { get; set; }
        [Parameter] public int Count { get; set; }
        private Task _producer;
        private int _inputs;

        protected override int QueueCapacity => 2;

        protected override void BeginProcessingSync()
        {
            var count = Count;
            _producer = Task.Run(async () =>
            {
                for (var i = 1; i <= count; i++)
                {
                    var n = i;
                    PostBuffered(() => WriteObject(n));
                    if (i % 50 == 0) await Task.Delay(1);
                }
            });
        }

        protected override bool ProcessRecordSync() => ++_inputs % 10 == 0;

        protected override Task ProcessRecordAsync(CancellationToken cancellationToken) => Task.Delay(2, cancellationToken);

        protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
        {
            await _producer;
            await FlushBufferedAsync();
            await WriteObjectAsync("flushed");
        }
    }

    // While the pipeline thread is busy and the step's queue full, a flush is asked for: its drain cannot be queued,
    // and it must still complete within the step.
    [Cmdlet("Test", "BufferedFlushWhenFull")]
    public sealed class TestBufferedFlushWhenFullCommand : AsyncPSCmdlet
    {
        protected override int QueueCapacity => 2;

        protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
        {
            var busy = PostAsync(() => Task.Delay(1000).Wait());
            Post(() => WriteObject("a"));
            Post(() => WriteObject("b"));
            PostBuffered(() => WriteObject("buffered"));
            var flush = FlushBufferedAsync();
            var first = await Task.WhenAny(flush, Task.Delay(15000, cancellationToken));
            await WriteObjectAsync(first == flush ? "flushed" : "the flush did not complete");
            await busy;
        }
    }
}
'@
        Import-Module -Assembly $types[0].Assembly -Force
    }
}

Describe 'AsyncPSCmdlet buffered mode' {
    It 'writes everything posted from background work, in the order posted, before the flush completes' {
        $out = @(1..300 | Test-BufferedOutput -Count 5000)
        $out.Count | Should -Be 5001
        $out[-1] | Should -Be 'flushed'
        $numbers = $out[0..4999]
        ($numbers -join ',') | Should -Be ((1..5000) -join ',')
    }

    It 'completes a flush asked for while the step''s queue is full' {
        # (Where 'buffered' comes among 'a' and 'b' depends on when the pipeline thread gets to it.)
        $out = @(Test-BufferedFlushWhenFull)
        $out.Count | Should -Be 4
        $out | Should -Contain 'buffered'
        $out[-1] | Should -Be 'flushed'
    }
}

# Export-CdfRecord downstream of Sync-CdfRecord -CheckpointPath through hard kills: a child pwsh runs
#   Sync-CdfRecord -CheckpointPath c.json | Export-CdfRecord f.csv -Append -PassThru | Export-CdfRecord f.jsonl -Append -PassThru | Export-CdfRecord f.parquet -Append
# and is killed (the whole process tree, at once) at random moments and started again, until a run ends by itself.
# Then every record of the stream must be in each file exactly once, whole, with its values: CSV read with Import-Csv,
# JSON Lines line by line, Parquet with Parquet.Net's own reader. One sync feeds all three outputs, so each kill hits the
# three formats at the same moment. Sizes follow $env:CDF_TEST_SIZE: 'Small' (the default, in the Test run) or 'Large'
# (200,000 records, 20 kills). The same again with one Export-CdfRecord right after the sync, where the records go over
# page by page (fused), CSV only.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:modulePath = Import-TestModules -PassThru

    $script:large = $env:CDF_TEST_SIZE -eq 'Large'
    # Pages larger than the writers' 32 KB buffer, so that kills also land after some of a page's rows reached the
    # file and before its cursor was committed (the rows the next run must cut away).
    $script:size = if ($large) { @{ Records = 200000; PageSize = 1000; Kills = 20; LatencyMs = 20 } } else { @{ Records = 6000; PageSize = 500; Kills = 4; LatencyMs = 40 } }
    $script:emu = Start-CdfEmulator -SeedStream 'crash' -SeedRecords $size.Records -SeedProperties 2

    # Parquet.Net from the module's lib/ and a reader of the two columns checked here.
    $lib = Join-Path (Split-Path $modulePath) 'lib'
    $parquet = [System.Reflection.Assembly]::LoadFrom((Join-Path $lib 'Parquet.dll'))
    if (-not ('ParquetCrashReadBack' -as [type])) {
        Add-Type -IgnoreWarnings -WarningAction SilentlyContinue -ReferencedAssemblies $parquet.Location, 'System.Collections', 'System.Linq', 'System.Runtime', 'System.Memory' -TypeDefinition @'
using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading.Tasks;
using Parquet; using Parquet.Schema;
public static class ParquetCrashReadBack
{
    // Each row of a part as "ExternalId|int1|text0" (empty for null).
    public static List<string> Rows(string path) => RowsAsync(path).GetAwaiter().GetResult();

    static async Task<List<string>> RowsAsync(string path)
    {
        using var s = File.OpenRead(path);
        await using var r = await ParquetReader.CreateAsync(s);
        var fields = r.Schema.GetDataFields();
        DataField id = fields.Single(f => f.Name == "ExternalId"), text = fields.Single(f => f.Name == "text0"), number = fields.Single(f => f.Name == "int1");
        var rows = new List<string>();
        for (var g = 0; g < r.RowGroupCount; g++)
        {
            var rg = r.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            var ids = new string[n]; await rg.ReadAsync(id, ids.AsMemory());
            var texts = new string[n]; await rg.ReadAsync(text, texts.AsMemory());
            var numbers = new long?[n]; await rg.ReadAsync<long>(number, numbers.AsMemory());
            for (var i = 0; i < n; i++) rows.Add(ids[i] + "|" + numbers[i] + "|" + texts[i]);
        }
        return rows;
    }
}
'@
    }

    # The child script of a run: the sync with its checkpoint file, piped into $Exports (the rest of the pipeline).
    function script:New-CrashChild {
        param([string] $Name, [string] $Exports)
        $path = Join-Path $TestDrive $Name
        Set-Content -Path $path -Value (@'
param([string] $Module, [string] $Url, [string] $Folder, [int] $PageSize)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $env:CDF_TEST_TOKEN
Sync-CdfRecord crash -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize $PageSize -CheckpointPath (Join-Path $Folder 'c.json') |
'@ + "`n" + $Exports + "`nexit 0")
        $path
    }

    # A CSV file's rows as "ExternalId|int1|text0", for Assert-ExactlyOnce.
    function script:Get-CsvRows {
        param([string] $Path)
        @(Import-Csv $Path | ForEach-Object { "$($_.ExternalId)|$($_.int1)|$($_.text0)" })
    }

    function script:Assert-ExactlyOnce {
        # Rows as "ExternalId|int1|text0": every record of the stream once, with the values the emulator seeded.
        param([string] $Format, [string[]] $Rows, [int] $Records)
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $duplicates = [System.Collections.Generic.List[string]]::new()
        $wrong = [System.Collections.Generic.List[string]]::new()
        foreach ($row in $Rows) {
            $id, $number, $text = $row -split '\|', 3
            if (-not $seen.Add($id)) { $duplicates.Add($id); continue }
            $i = [int]$id.Substring(4)
            if ($number -ne [string]($i * 1000 + 1) -or $text -ne "value-$i-0") { $wrong.Add($row) }
        }
        $missing = @(0..($Records - 1) | Where-Object { -not $seen.Contains('rec-{0:D8}' -f $_) })
        Write-Host ("{0}: {1:N0} rows, {2:N0} distinct records, {3:N0} duplicates, {4:N0} missing, {5:N0} with other values" -f
            $Format, $Rows.Count, $seen.Count, $duplicates.Count, $missing.Count, $wrong.Count)
        $duplicates.Count | Should -Be 0 -Because "$Format must hold each record once (first duplicates: $($duplicates | Select-Object -First 3))"
        $missing.Count | Should -Be 0 -Because "$Format must hold every record (first missing: $($missing | Select-Object -First 3))"
        $wrong.Count | Should -Be 0 -Because "$Format rows must be whole, with their values (first: $($wrong | Select-Object -First 3))"
        $Rows.Count | Should -Be $Records
    }
    function script:Invoke-KilledRuns {
        # Runs $Child (a script with -Module -Url -Folder -PageSize) again and again, killing it (the whole process tree)
        # at random moments, as $Csv grows, until it ends by itself; returns the last run and the number of kills.
        param([string] $Child, [string] $Folder, [string] $Csv)
        $csvBytes = { if (Test-Path $Csv) { [System.IO.FileInfo]::new($Csv).Length } else { 0 } }
        # About 100 bytes a CSV row: kill after a random share of what one run's slice of the stream would write.
        $slice = [int]($size.Records * 100 / $size.Kills)
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $Child, '-Module', $modulePath, '-Url', $emu.HttpUrl, '-Folder', $Folder, '-PageSize', $size.PageSize)
        # A little latency per page keeps each run long enough to be killed in the middle.
        Set-CdfEmulatorFault -Kind latency -LatencyMs $size.LatencyMs -Path '/records/sync' | Out-Null
        $kills = 0
        $exited = $false
        try {
            while ($kills -lt $size.Kills) {
                $before = & $csvBytes
                $run = Start-TestPwsh -ArgumentList $arguments -Environment @{ CDF_TEST_TOKEN = $emu.Token }
                # A random point: after a random number of bytes (inside pages, on their edges, during a commit), never a fixed one.
                $target = $before + (Get-Random -Minimum 1 -Maximum $slice)
                $deadline = [DateTime]::UtcNow.AddSeconds(120)
                while ((& $csvBytes) -lt $target -and -not $run.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds (Get-Random -Minimum 1 -Maximum 15) }
                if ($run.Process.HasExited) { $exited = $true; break }
                $run.Process.Kill($true)
                $run.Process.WaitForExit()
                $kills++
            }
            # The last run goes to the end.
            if (-not $exited) {
                $run = Start-TestPwsh -ArgumentList $arguments -Environment @{ CDF_TEST_TOKEN = $emu.Token }
                $run.Process.WaitForExit(600000) | Should -BeTrue
            }
        }
        finally { Clear-CdfEmulatorFault }
        [pscustomobject]@{ Run = $run; Kills = $kills }
    }

}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Sync-CdfRecord -CheckpointPath | Export-CdfRecord through hard kills' {
    BeforeAll {
        $script:folder = Join-Path $TestDrive 'crash'
        New-Item -ItemType Directory $folder | Out-Null
        $child = New-CrashChild -Name 'child-export.ps1' -Exports @'
    Export-CdfRecord (Join-Path $Folder 'f.csv') -Append -PassThru -Verbose 4>> (Join-Path $Folder 'csv.log') |
    Export-CdfRecord (Join-Path $Folder 'f.jsonl') -Append -PassThru -Verbose 4>> (Join-Path $Folder 'jsonl.log') |
    Export-CdfRecord (Join-Path $Folder 'f.parquet') -Append -Verbose 4>> (Join-Path $Folder 'parquet.log')
'@
        $started = [DateTime]::UtcNow
        $result = Invoke-KilledRuns -Child $child -Folder $folder -Csv (Join-Path $folder 'f.csv')
        $run = $result.Run
        $script:kills = $result.Kills
        $script:lastRun = $run
        $cuts = @(Get-Content (Join-Path $folder '*.log') | Where-Object { $_ -match 'removed [\d,]+ bytes' }).Count
        Write-Host ("Export crash test: {0:N0} records, {1} kills, {2} restarts found something to cut back, {3:N0} s" -f $size.Records, $kills, $cuts, ([DateTime]::UtcNow - $started).TotalSeconds)
        $script:checkpoint = Get-Content -Raw (Join-Path $folder 'c.json') | ConvertFrom-Json
    }

    It 'was killed at random moments, and the last run ended by itself' {
        $lastRun.Process.ExitCode | Should -Be 0 -Because $lastRun.Err.Result
        $kills | Should -BeGreaterOrEqual ([Math]::Min(3, $size.Kills))
        $checkpoint.caughtUp | Should -BeTrue
    }

    It 'CSV: every record exactly once, each row whole' {
        $rows = Get-CsvRows (Join-Path $folder 'f.csv')
        Assert-ExactlyOnce -Format 'CSV' -Rows $rows -Records $size.Records
        (Get-Content (Join-Path $folder 'f.csv') -TotalCount 1) | Should -BeExactly 'Space,ExternalId,Status,CreatedTime,LastUpdatedTime,text0,int1'
    }

    It 'JSON Lines: every record exactly once, each line one whole object' {
        $rows = foreach ($line in [System.IO.File]::ReadLines((Join-Path $folder 'f.jsonl'))) {
            $doc = [System.Text.Json.JsonDocument]::Parse($line)
            try {
                $r = $doc.RootElement
                '{0}|{1}|{2}' -f $r.GetProperty('ExternalId').GetString(), $r.GetProperty('int1').GetInt64(), $r.GetProperty('text0').GetString()
            }
            finally { $doc.Dispose() }
        }
        Assert-ExactlyOnce -Format 'JSON Lines' -Rows @($rows) -Records $size.Records
    }

    It 'Parquet: every record exactly once across the parts, no temporary part left' {
        $parts = @(Get-ChildItem (Join-Path $folder 'f.parquet') -Force | Sort-Object Name)
        @($parts | Where-Object Name -NotMatch '^part-\d{5}\.parquet$') | Should -BeNullOrEmpty
        $rows = foreach ($p in $parts) { [ParquetCrashReadBack]::Rows($p.FullName) }
        Assert-ExactlyOnce -Format 'Parquet' -Rows @($rows) -Records $size.Records
    }

    It 'the checkpoint keeps each output''s committed length or last part, as the outputs now are' {
        $states = $checkpoint.participants
        ($states."export|$(Join-Path $folder 'f.csv')" | ConvertFrom-Json).length | Should -Be ([System.IO.FileInfo]::new((Join-Path $folder 'f.csv')).Length)
        ($states."export|$(Join-Path $folder 'f.jsonl')" | ConvertFrom-Json).length | Should -Be ([System.IO.FileInfo]::new((Join-Path $folder 'f.jsonl')).Length)
        $last = (Get-ChildItem (Join-Path $folder 'f.parquet') -Filter 'part-*.parquet' | Sort-Object Name | Select-Object -Last 1).BaseName
        ($states."export|$(Join-Path $folder 'f.parquet')" | ConvertFrom-Json).lastPart | Should -Be ([int]$last.Substring(5))
    }
}

Describe 'Sync-CdfRecord -CheckpointPath | Export-CdfRecord, fused (adjacent, page by page), through hard kills' {
    BeforeAll {
        $script:fusedFolder = Join-Path $TestDrive 'fused'
        New-Item -ItemType Directory $fusedFolder | Out-Null
        $child = New-CrashChild -Name 'child-fused.ps1' -Exports @'
    Export-CdfRecord (Join-Path $Folder 'f.csv') -Append -Verbose 4>> (Join-Path $Folder 'csv.log')
'@
        $script:fusedResult = Invoke-KilledRuns -Child $child -Folder $fusedFolder -Csv (Join-Path $fusedFolder 'f.csv')
        $cuts = @(Get-Content (Join-Path $fusedFolder 'csv.log') | Where-Object { $_ -match 'removed [\d,]+ bytes' }).Count
        Write-Host ("Export crash test, fused: {0:N0} records, {1} kills, {2} restarts found something to cut back" -f $size.Records, $fusedResult.Kills, $cuts)
    }

    It 'fused, was killed at random moments, and the last run ended by itself' {
        $fusedResult.Run.Process.ExitCode | Should -Be 0 -Because $fusedResult.Run.Err.Result
        $fusedResult.Kills | Should -BeGreaterOrEqual ([Math]::Min(3, $size.Kills))
        @(Get-Content (Join-Path $fusedFolder 'csv.log') | Where-Object { $_ -match 'go straight to Export-CdfRecord' }).Count | Should -BeGreaterOrEqual 1
    }

    It 'CSV: every record exactly once, each row whole, the committed length in the checkpoint' {
        $file = Join-Path $fusedFolder 'f.csv'
        $rows = Get-CsvRows $file
        Assert-ExactlyOnce -Format 'CSV (fused)' -Rows $rows -Records $size.Records
        $checkpoint = Get-Content -Raw (Join-Path $fusedFolder 'c.json') | ConvertFrom-Json
        $checkpoint.caughtUp | Should -BeTrue
        ($checkpoint.participants."export|$file" | ConvertFrom-Json).length | Should -Be ([System.IO.FileInfo]::new($file).Length)
    }
}

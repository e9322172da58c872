# Sync-CdfRecord for unattended runbooks: checkpoint files, follow mode, the expired-cursor error, progress, the
# verbose summary, and the overlap of reading and writing. Against the real emulator over HTTP.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:modulePath = Import-TestModules -PassThru

    $script:emu = Start-CdfEmulator -SeedStream 'runbook' -SeedRecords 1000 -SeedProperties 4
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    function script:Add-SeedRecord {
        # Appends synthetic records rec-<firstIndex>... to a stream (creating it on first use).
        param([string] $Stream, [int] $Count, [int] $FirstIndex = 0)
        Invoke-RestMethod -Method Post -Uri "$($emu.HttpUrl)/_emulator/seed" -ContentType 'application/json' `
            -Body (@{ stream = $Stream; records = $Count; properties = 4; firstIndex = $FirstIndex } | ConvertTo-Json -Compress) | Out-Null
    }
    function script:Read-Checkpoint([string] $Path) { Get-Content -Raw $Path | ConvertFrom-Json }

    function script:Invoke-Pwsh {
        # Runs a script in a new process of the same PowerShell as this test, and waits for it.
        param([string[]] $ArgumentList, [hashtable] $Environment = @{})
        $child = Start-TestPwsh -ArgumentList $ArgumentList -Environment $Environment
        $p = $child.Process
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'The child PowerShell did not finish in 2 minutes.' }
        [pscustomobject]@{ ExitCode = $p.ExitCode; Out = $child.Out.Result; Err = $child.Err.Result }
    }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Sync-CdfRecord -CheckpointPath' {
    BeforeEach {
        $script:cp = Join-Path $TestDrive ("cp-{0}.json" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    }

    It 'writes the cursor and the sync key after each page, and nothing secret' {
        $records = @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 300 -First 700 -CheckpointPath $cp)
        $records.Count | Should -Be 700
        $json = Get-Content -Raw $cp
        $c = $json | ConvertFrom-Json
        $c.kind | Should -Be 'CogniteRecords.SyncCheckpoint'
        $c.formatVersion | Should -Be 1
        $c.project | Should -Be $emu.Project
        $c.baseUrl | Should -Be $emu.HttpUrl
        $c.stream | Should -Be 'runbook'
        $c.sources | Should -Be 'emulator/synthetic:*'
        $c.filter | Should -BeNullOrEmpty
        $c.cursor | Should -Not -BeNullOrEmpty
        $c.recordsRead | Should -Be 700
        $c.pagesRead | Should -Be 3
        $c.caughtUp | Should -BeFalse
        [DateTimeOffset]$c.writtenAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-5))
        $c.moduleVersion | Should -Be (Get-Module CogniteRecords).Version.ToString()
        $json | Should -Not -Match ([regex]::Escape($emu.Token))
        # The write goes through a temporary file that is renamed over the checkpoint: none is left behind.
        Test-Path "$cp.tmp" | Should -BeFalse
    }

    It 'continues from an existing file, which wins over -InitializeCursor, and counts across runs' {
        $first = @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 250 -First 500 -CheckpointPath $cp)
        $rest = @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 250 -CheckpointPath $cp)
        $first[-1].ExternalId | Should -Be 'rec-00000499'
        $rest.Count | Should -Be 500
        $rest[0].ExternalId | Should -Be 'rec-00000500'
        $c = Read-Checkpoint $cp
        $c.recordsRead | Should -Be 1000
        $c.caughtUp | Should -BeTrue
        # Caught up: a third run reads nothing new.
        @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -CheckpointPath $cp).Count | Should -Be 0
    }

    It 'keeps a filtered sync apart and refuses a file written for another key, naming the parts that differ' {
        $filter = New-CdfRecordFilter -Property 'emulator/synthetic/int1' -Gte 500000
        $filtered = @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -Filter $filter -InitializeCursor 1d-ago -CheckpointPath $cp)
        $filtered.Count | Should -Be 500
        (Read-Checkpoint $cp).filter.range.gte | Should -Be 500000
        $before = Get-Content -Raw $cp

        $e = { Sync-CdfRecord 'runbook' -Source 'emulator/synthetic/text0' -InitializeCursor 1d-ago -CheckpointPath $cp } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'CheckpointKeyMismatch,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*sources 'emulator/synthetic:`*' (this sync: 'emulator/synthetic:text0')*"
        $e.Exception.Message | Should -BeLike "*filter '{*' (this sync: none)*"
        $e.Exception.Message | Should -Not -BeLike '*stream*(this sync*'
        $e.Exception.Message | Should -BeLike "*$cp*"
        # Not used, not changed.
        Get-Content -Raw $cp | Should -Be $before
    }

    It 'refuses -Cursor together with an existing checkpoint file, before any request' {
        Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 10 -CheckpointPath $cp | Out-Null
        Clear-CdfEmulatorRequest
        $e = { Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -Cursor 'abc' -CheckpointPath $cp } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'CheckpointConflict,*'
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 0
    }

    It 'refuses a file that is not a checkpoint, and a folder that does not exist, before any request' {
        Clear-CdfEmulatorRequest
        Set-Content -Path $cp -Value '{"kind": "something else"}'
        $e = { Sync-CdfRecord 'runbook' -InitializeCursor 1d-ago -CheckpointPath $cp } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'CheckpointInvalid,*'
        $e.Exception.Message | Should -BeLike '*is not a usable sync checkpoint*kind*'

        Set-Content -Path $cp -Value '{"kind": "CogniteRecords.SyncCheckpoint", "formatVersion": 99}'
        $e = { Sync-CdfRecord 'runbook' -InitializeCursor 1d-ago -CheckpointPath $cp } | Should -Throw -PassThru
        $e.Exception.Message | Should -BeLike '*format version 99*newer*'

        $missing = Join-Path $TestDrive 'no-such-folder/cp.json'
        $e = { Sync-CdfRecord 'runbook' -InitializeCursor 1d-ago -CheckpointPath $missing } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'CheckpointPathInvalid,*'
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 0
    }

    It 'refuses a checkpoint another sync holds, without touching that sync''s files' {
        Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 10 -CheckpointPath $cp | Out-Null
        $before = Get-Content -Raw $cp
        # Another sync (here: this test) holds the lock and is in the middle of writing its temporary file.
        $held = [System.IO.File]::Open("$cp.lock", 'OpenOrCreate', 'ReadWrite', 'None')
        try {
            Set-Content -Path "$cp.tmp" -Value 'half-written' -NoNewline
            $e = { Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -CheckpointPath $cp } | Should -Throw -PassThru
            $e.FullyQualifiedErrorId | Should -BeLike 'CheckpointInUse,*'
            $e.CategoryInfo.Category | Should -Be 'ResourceBusy'
            Get-Content -Raw "$cp.tmp" | Should -Be 'half-written'
            Get-Content -Raw $cp | Should -Be $before
        }
        finally { $held.Dispose(); Remove-Item "$cp.tmp" }
        # Once let go, the checkpoint is usable again.
        @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -First 5 -CheckpointPath $cp)[0].ExternalId | Should -Be 'rec-00000010'
    }

    It 'is shown by Get-CdfSyncState -CheckpointPath' {
        Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 400 -First 800 -CheckpointPath $cp | Out-Null
        $state = Get-CdfSyncState -CheckpointPath $cp
        $state.PSObject.TypeNames[0] | Should -Be 'CogniteRecords.SyncState'
        $state.CheckpointPath | Should -Be $cp
        $state.Stream | Should -Be 'runbook'
        $state.Project | Should -Be $emu.Project
        $state.Sources | Should -Be 'emulator/synthetic:*'
        $state.RecordsRead | Should -Be 800
        $state.PagesRead | Should -Be 2
        $state.Cursor | Should -Be (Read-Checkpoint $cp).cursor
        $state.LastSyncTime | Should -BeOfType [DateTimeOffset]
        # Files come by pipeline too (Get-ChildItem), and a missing one is a non-terminating error.
        (Get-Item $cp | Get-CdfSyncState).RecordsRead | Should -Be 800
        $null = Get-CdfSyncState -CheckpointPath (Join-Path $TestDrive 'none.json') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'
    }

    It 'stops with CursorExpired, naming the checkpoint file and how to restart, and never restarts silently' {
        Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 100 -CheckpointPath $cp | Out-Null
        $before = Get-Content -Raw $cp
        Set-CdfEmulatorConfig -CursorMaxAge ([TimeSpan]::FromSeconds(1))
        try {
            Start-Sleep -Milliseconds 1500
            $out = [System.Collections.Generic.List[object]]::new()
            $e = { Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -CheckpointPath $cp | ForEach-Object { $out.Add($_) } } | Should -Throw -PassThru
        }
        finally { Set-CdfEmulatorConfig -NoCursorExpiry }
        $e.FullyQualifiedErrorId | Should -BeLike 'CursorExpired,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $e.Exception.Message | Should -BeLike '*has expired*'
        $e.Exception.Message | Should -BeLike "*$cp*"
        $e.ErrorDetails.RecommendedAction | Should -BeLike "*delete or rename the checkpoint file '$cp'*-InitializeCursor*"
        $out.Count | Should -Be 0
        Get-Content -Raw $cp | Should -Be $before
    }

    It 'refuses -PollInterval without -Follow, and an out-of-range interval' {
        { Sync-CdfRecord 'runbook' -InitializeCursor 1d-ago -PollInterval 00:00:05 } | Should -Throw -ErrorId 'PollIntervalWithoutFollow,*'
        { Sync-CdfRecord 'runbook' -InitializeCursor 1d-ago -Follow -PollInterval 00:00:00.010 } | Should -Throw -ErrorId 'InvalidPollInterval,*'
    }
}

Describe 'The scheduled runbook of the help (Export-CdfRecord, Example 4)' {
    It 'appends each run''s changes to one CSV file, logs the summary, and exits 0, 1 or 2' {
        $folder = Join-Path $TestDrive 'runbook'
        New-Item -ItemType Directory $folder | Out-Null
        $script = Join-Path $TestDrive 'sync-readings.ps1'
        # The help's script; only the connection (the emulator, its token from the environment) and the names differ.
        Set-Content -Path $script -Value @'
param([string] $Module, [string] $Url, [string] $Folder, [string] $Stream)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$log = Join-Path $Folder 'sync.log'
try {
    Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $env:CDF_TEST_TOKEN
    Sync-CdfRecord $Stream -Source 'emulator/synthetic' -InitializeCursor 7d-ago -PageSize 100 `
        -CheckpointPath (Join-Path $Folder "$Stream.checkpoint.json") -Verbose 4>> $log |
        Export-CdfRecord (Join-Path $Folder 'readings.csv') -Append
    exit 0
}
catch {
    "$([DateTime]::UtcNow.ToString('u')) $($_.FullyQualifiedErrorId): $_" | Add-Content $log
    if ($_.FullyQualifiedErrorId -like 'CursorExpired,*') { exit 2 }
    exit 1
}
'@
        $run = { param($Stream) Invoke-Pwsh -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $script, '-Module', $modulePath, '-Url', $emu.HttpUrl, '-Folder', $folder, '-Stream', $Stream) -Environment @{ CDF_TEST_TOKEN = $emu.Token } }
        Add-SeedRecord -Stream 'scheduled' -Count 250
        $first = & $run 'scheduled'
        $first.ExitCode | Should -Be 0 -Because $first.Err
        Add-SeedRecord -Stream 'scheduled' -Count 120 -FirstIndex 250
        $second = & $run 'scheduled'
        $second.ExitCode | Should -Be 0 -Because $second.Err
        $third = & $run 'scheduled'
        $third.ExitCode | Should -Be 0

        $rows = @(Import-Csv (Join-Path $folder 'readings.csv'))
        $rows.Count | Should -Be 370
        $rows[0].PSObject.Properties.Name | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'text0', 'int1', 'float2', 'bool3')
        $rows.ExternalId | Should -Be (0..369 | ForEach-Object { 'rec-{0:D8}' -f $_ })
        $rows[300].int1 | Should -Be '300001'
        $log = Get-Content (Join-Path $folder 'sync.log')
        $summaries = @($log | Where-Object { $_ -like "*Sync of stream 'scheduled' caught up:*" })
        $summaries.Count | Should -Be 3
        $summaries[0] | Should -BeLike '*: 250 records in 3 pages *; retries: 0; cursor: *'
        $summaries[1] | Should -BeLike '*: 120 records in 2 pages *'
        $summaries[2] | Should -BeLike '*: 0 records in 1 pages *'

        # A failure: exit 1, logged, nothing appended.
        $missing = & $run 'no-such-stream'
        $missing.ExitCode | Should -Be 1
        Get-Content (Join-Path $folder 'sync.log') -Tail 1 | Should -Match '^\S+ \S+ StreamNotFound,'

        # An expired cursor: exit 2, and the log says which file to delete and how to restart.
        Set-CdfEmulatorConfig -CursorMaxAge ([TimeSpan]::FromSeconds(1))
        try {
            Start-Sleep -Milliseconds 1500
            $expired = & $run 'scheduled'
        }
        finally { Set-CdfEmulatorConfig -NoCursorExpiry }
        $expired.ExitCode | Should -Be 2
        Get-Content (Join-Path $folder 'sync.log') -Tail 1 | Should -BeLike "*CursorExpired,*$(Join-Path $folder 'scheduled.checkpoint.json')*-InitializeCursor*"
        @(Import-Csv (Join-Path $folder 'readings.csv')).Count | Should -Be 370
    }
}

Describe 'Sync-CdfRecord -Verbose and progress' {
    BeforeEach { Clear-CdfSyncState -Confirm:$false }

    It 'ends -Verbose with a summary: records, pages, retries, time, a shortened cursor' {
        Set-CdfEmulatorFault -Sequence @(@{ Status = 503 }) -Path '/records/sync' | Out-Null
        try {
            $verbose = Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 400 -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        }
        finally { Clear-CdfEmulatorFault }
        $summary = $verbose[-1]
        $summary | Should -Match "^Sync of stream 'runbook' caught up: 1,000 records in 3 pages in [\d.]+ s \([\d,]+ records/s\); retries: 1; cursor: \S{8}…\S{6}\.$"
    }

    It 'shows progress only for a sync that runs longer than 2 seconds' {
        $run = {
            param($LatencyMs)
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                        param($Module, $Url, $Token)
                        Import-Module $Module
                        Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $Token
                        Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 50 | Measure-Object | ForEach-Object Count
                    }).AddArgument($modulePath).AddArgument($emu.HttpUrl).AddArgument($emu.Token)
                $count = $ps.Invoke()
                [pscustomobject]@{ Count = $count[0]; Progress = @($ps.Streams.Progress) }
            }
            finally { $ps.Dispose() }
        }
        $short = & $run
        $short.Count | Should -Be 1000
        $short.Progress.Count | Should -Be 0

        Set-CdfEmulatorFault -Kind latency -LatencyMs 150 -Path '/records/sync' | Out-Null
        try { $long = & $run } finally { Clear-CdfEmulatorFault }
        $long.Count | Should -Be 1000
        $long.Progress.Count | Should -BeGreaterThan 0
        $long.Progress[0].Activity | Should -Be "Syncing stream 'runbook'"
        $long.Progress[0].StatusDescription | Should -Match '^[\d,]+ records, [\d,]+ pages, [\d,]+ records/s; reading$'
        $long.Progress[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'Sync-CdfRecord -Follow' {
    It 'returns new records within two poll intervals, and a stop leaves a checkpoint that repeats nothing written whole' {
        $stream = 'follow'
        Add-SeedRecord -Stream $stream -Count 200
        $cp = Join-Path $TestDrive 'follow.json'
        $interval = [TimeSpan]::FromSeconds(1.5)
        $seen = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($Module, $Url, $Token, $Stream, $Checkpoint, $Interval, $Seen)
                Import-Module $Module
                Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $Token
                Sync-CdfRecord $Stream -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -CheckpointPath $Checkpoint -Follow -PollInterval $Interval |
                    ForEach-Object { $Seen.Enqueue([pscustomobject]@{ Id = $_.ExternalId; At = [DateTime]::UtcNow }) }
            }).AddArgument($modulePath).AddArgument($emu.HttpUrl).AddArgument($emu.Token).AddArgument($stream).AddArgument($cp).AddArgument($interval).AddArgument($seen)
        $handle = $ps.BeginInvoke()
        try {
            $waitFor = {
                param([int] $Total, [double] $Seconds)
                $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
                while ($seen.Count -lt $Total -and [DateTime]::UtcNow -lt $deadline -and -not $handle.IsCompleted) { Start-Sleep -Milliseconds 20 }
            }
            & $waitFor 200 60
            $seen.Count | Should -Be 200

            $delays = foreach ($round in 1..3) {
                Start-Sleep -Milliseconds (Get-Random -Minimum 100 -Maximum 1400)
                $first = 200 + ($round - 1) * 30
                Add-SeedRecord -Stream $stream -Count 30 -FirstIndex $first
                $written = [DateTime]::UtcNow
                & $waitFor ($first + 30) 30
                $seen.Count | Should -Be ($first + 30)
                $last = @($seen.ToArray())[-1]
                $last.Id | Should -Be ('rec-{0:D8}' -f ($first + 29))
                ($last.At - $written).TotalSeconds
            }
            # Loose on purpose (a shared CI machine): the bound is the issue's two poll intervals.
            $delays | ForEach-Object { $_ | Should -BeLessThan (2 * $interval.TotalSeconds) }

            # A second sync on the same checkpoint is refused while the follower holds it, before any request.
            { Sync-CdfRecord $stream -Source 'emulator/synthetic' -CheckpointPath $cp } | Should -Throw -ErrorId 'CheckpointInUse,*'
        }
        finally {
            $ps.Stop()
            $errors = @($ps.Streams.Error)
            $ps.Dispose()
        }
        $errors.Count | Should -Be 0
        $ids = @($seen.ToArray().Id)
        @($ids | Sort-Object -Unique).Count | Should -Be $ids.Count

        # Everything was written whole before the stop: a new run repeats none of it and reads only what came later.
        (Read-Checkpoint $cp).caughtUp | Should -BeTrue
        Add-SeedRecord -Stream $stream -Count 5 -FirstIndex 1000
        $next = @(Sync-CdfRecord $stream -Source 'emulator/synthetic' -CheckpointPath $cp)
        $next.ExternalId | Should -Be @('rec-00001000', 'rec-00001001', 'rec-00001002', 'rec-00001003', 'rec-00001004')
    }

    It 'stops at -First and at a downstream Select-Object -First, committing only whole pages' {
        $cp = Join-Path $TestDrive 'follow-first.json'
        @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -Follow -First 250 -CheckpointPath $cp).Count | Should -Be 250
        # -First: the last request asked for 50, so the checkpoint lands right after record 250.
        (Read-Checkpoint $cp).recordsRead | Should -Be 250
        $next = @(Sync-CdfRecord 'runbook' -Source 'emulator/synthetic' -PageSize 100 -Follow -CheckpointPath $cp | Select-Object -First 120)
        $next[0].ExternalId | Should -Be 'rec-00000250'
        $next.Count | Should -Be 120
        # The second page was cut short downstream: only the first (whole) page is committed.
        (Read-Checkpoint $cp).recordsRead | Should -Be 350
    }
}

Describe 'Sync-CdfRecord reading ahead' {
    It 'reads at most four pages ahead of a consumer that is still on the first page, so memory stays bounded' {
        Add-SeedRecord -Stream 'ahead' -Count 300
        Clear-CdfEmulatorRequest
        $script:readWhileStuck = $null
        $records = Sync-CdfRecord 'ahead' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 10 -First 300 | ForEach-Object -Begin { $n = 0 } -Process {
            if (++$n -eq 1) {
                # Stuck on the first record: let the reader run as far ahead as it may (waiting for it however slow
                # the machine), then make sure it went no further.
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                do { Start-Sleep -Milliseconds 100; $count = @(Get-CdfEmulatorRequest -Path '/streams/ahead/records/sync').Count }
                while ($count -lt 5 -and [DateTime]::UtcNow -lt $deadline)
                Start-Sleep -Milliseconds 500
                $script:readWhileStuck = @(Get-CdfEmulatorRequest -Path '/streams/ahead/records/sync').Count
            }
            $_
        }
        # The page being written, four waiting for the pipeline, and the one read when the queue was full.
        $script:readWhileStuck | Should -Be 5
        @($records).Count | Should -Be 300
        @(Get-CdfEmulatorRequest -Path '/streams/ahead/records/sync').Count | Should -Be 30
    }

    It 'overlaps a slow network with a slow consumer (loose bound: under 0.9 of the serial sum)' {
        $pages = 30
        Add-SeedRecord -Stream 'overlap' -Count ($pages * 100)
        $consume = {
            # A consumer that takes 50 ms per page of 100 records; returns the time it spent.
            param([Parameter(ValueFromPipeline)] $Record)
            begin { $n = 0; $busy = [System.Diagnostics.Stopwatch]::new() }
            process { if ((++$n % 100) -eq 0) { $busy.Start(); Start-Sleep -Milliseconds 50; $busy.Stop() } }
            end { $busy.Elapsed.TotalSeconds }
        }
        Set-CdfEmulatorFault -Kind latency -LatencyMs 50 -Path '/records/sync' | Out-Null
        try {
            # Warm up (connection, JIT), then the network alone, then network and consumer together.
            Sync-CdfRecord 'overlap' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -First 300 | Out-Null
            Clear-CdfSyncState -Confirm:$false
            $network = Measure-Command { Sync-CdfRecord 'overlap' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -First ($pages * 100) | Out-Null }
            $consumer = 0.0
            Clear-CdfSyncState -Confirm:$false
            $both = Measure-Command { $consumer = Sync-CdfRecord 'overlap' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -First ($pages * 100) | & $consume }
        }
        finally { Clear-CdfEmulatorFault }
        $serial = $network.TotalSeconds + $consumer
        $ratio = $both.TotalSeconds / $serial
        Write-Host ("Overlap: network {0:0.00} s + consumer {1:0.00} s = {2:0.00} s serial; together {3:0.00} s (ratio {4:0.00})" -f $network.TotalSeconds, $consumer, $serial, $both.TotalSeconds, $ratio)
        $consumer | Should -BeGreaterThan ($pages * 0.05 * 0.9)
        $ratio | Should -BeLessThan 0.9
    }
}

# Sync-CdfRecord through hard kills and injected faults. Sizes follow $env:CDF_TEST_SIZE: 'Small' (the default, CI)
# or 'Large' (the issue's full sizes: 50,000 records killed many times; 100,000 records through faults).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:modulePath = Import-TestModules -PassThru

    $script:large = $env:CDF_TEST_SIZE -eq 'Large'
    $script:crash = if ($large) { @{ Records = 50000; PageSize = 500; Kills = 12 } } else { @{ Records = 10000; PageSize = 100; Kills = 5 } }
    $script:soak = if ($large) { @{ Records = 100000; PageSize = 1000 } } else { @{ Records = 10000; PageSize = 200 } }

    $script:emu = Start-CdfEmulator -SeedStream 'crash' -SeedRecords $crash.Records -SeedProperties 2
    Invoke-RestMethod -Method Post -Uri "$($emu.HttpUrl)/_emulator/seed" -ContentType 'application/json' `
        -Body (@{ stream = 'soak'; records = $soak.Records; properties = 4 } | ConvertTo-Json -Compress) | Out-Null
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Sync-CdfRecord -CheckpointPath through hard kills' {
    It 'loses no record when killed at random moments and restarted, and repeats at most one page per kill' {
        $child = Join-Path $TestDrive 'child-sync.ps1'
        Set-Content -Path $child -Value @'
param([string] $Module, [string] $Url, [string] $Checkpoint, [string] $Out, [int] $PageSize)
$ErrorActionPreference = 'Stop'
Import-Module $Module
Connect-CdfProject -Project emulator -BaseUrl $Url -AccessToken $env:CDF_TEST_TOKEN
# AutoFlush: each id reaches the OS before the next record is taken, so a hard kill loses nothing already written.
$writer = [System.IO.StreamWriter]::new($Out, $true)
$writer.AutoFlush = $true
try {
    Sync-CdfRecord crash -Source 'emulator/synthetic/text0' -InitializeCursor 1d-ago -PageSize $PageSize -CheckpointPath $Checkpoint |
        ForEach-Object { $writer.WriteLine($_.ExternalId) }
}
finally { $writer.Dispose() }
exit 0
'@
        $out = Join-Path $TestDrive 'crash-ids.txt'
        $cp = Join-Path $TestDrive 'crash.checkpoint.json'
        $lineBytes = 'rec-00000000'.Length + [Environment]::NewLine.Length
        $lines = { if (Test-Path $out) { [int]([System.IO.FileInfo]::new($out).Length / $lineBytes) } else { 0 } }
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $child, '-Module', $modulePath, '-Url', $emu.HttpUrl, '-Checkpoint', $cp, '-Out', $out, '-PageSize', $crash.PageSize)
        # A little latency per page keeps each run long enough to be killed in the middle.
        Set-CdfEmulatorFault -Kind latency -LatencyMs 20 -Path '/records/sync' | Out-Null
        $kills = 0
        $exited = $false
        try {
            while ($kills -lt $crash.Kills) {
                $before = & $lines
                $run = Start-TestPwsh -ArgumentList $arguments -Environment @{ CDF_TEST_TOKEN = $emu.Token }
                # Kill at a random point: after a random number of records (not only on page edges), or during start-up.
                $target = $before + (Get-Random -Minimum 1 -Maximum ([int]($crash.Records / $crash.Kills)))
                $deadline = [DateTime]::UtcNow.AddSeconds(120)
                while ((& $lines) -lt $target -and -not $run.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds (Get-Random -Minimum 1 -Maximum 15) }
                if ($run.Process.HasExited) { $exited = $true; break }
                $run.Process.Kill($true)
                $run.Process.WaitForExit()
                $kills++
            }
            # The last run goes to the end.
            if (-not $exited) {
                $run = Start-TestPwsh -ArgumentList $arguments -Environment @{ CDF_TEST_TOKEN = $emu.Token }
                $run.Process.WaitForExit(300000) | Should -BeTrue
            }
        }
        finally { Clear-CdfEmulatorFault }
        $run.Process.ExitCode | Should -Be 0 -Because $run.Err.Result

        $ids = @(Get-Content $out)
        $unique = [System.Collections.Generic.HashSet[string]]::new([string[]]$ids)
        $expected = 0..($crash.Records - 1) | ForEach-Object { 'rec-{0:D8}' -f $_ }
        $missing = @($expected | Where-Object { -not $unique.Contains($_) })
        $duplicates = $ids.Count - $unique.Count
        Write-Host ("Crash safety: {0} kills, {1:N0} ids written, {2:N0} unique, {3:N0} duplicates (bound {4:N0})" -f $kills, $ids.Count, $unique.Count, $duplicates, ($kills * $crash.PageSize))
        $kills | Should -BeGreaterOrEqual ([Math]::Min(3, $crash.Kills))
        $missing.Count | Should -Be 0 -Because "every record must be written at least once (first missing: $($missing | Select-Object -First 3))"
        $unique.Count | Should -Be $crash.Records -Because 'nothing else was written'
        $duplicates | Should -BeLessOrEqual ($kills * $crash.PageSize)
        (Get-Content -Raw $cp | ConvertFrom-Json).caughtUp | Should -BeTrue
    }
}

Describe 'Sync-CdfRecord through injected faults' {
    It 'yields every record exactly once through 429s, 503s, dropped connections, cut-short bodies and expiring tokens' {
        # Tokens that live 35 s: the client refreshes 30 s before expiry, so it asks for a new one every ~5 s, several
        # times during the run; a 401 (a token refused early) is refreshed once and retried.
        $issued = [System.Collections.Concurrent.ConcurrentQueue[datetime]]::new()
        $emulator = $emu
        $provider = {
            $issued.Enqueue([DateTime]::UtcNow)
            New-CdfEmulatorToken -Lifetime ([TimeSpan]::FromSeconds(35)) -Emulator $emulator
        }.GetNewClosure()
        $connection = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider $provider -RetryDelay ([TimeSpan]::FromMilliseconds(50)) -PassThru
        Clear-CdfEmulatorFault
        # Sequences first, then the first rate rule that fires decides, so the later rates are a little below their nominal values.
        Set-CdfEmulatorFault -Status 429 -Rate 0.20 -Path '/records/sync' | Out-Null
        Set-CdfEmulatorFault -Status 503 -Rate 0.05 -Path '/records/sync' | Out-Null
        Set-CdfEmulatorFault -Kind drop -Rate 0.02 -Path '/records/sync' | Out-Null
        Set-CdfEmulatorFault -Kind truncate -Rate 0.02 -Path '/records/sync' | Out-Null
        # At fixed points too, so that every kind happens even in a short run: a token refused early (401: refreshed
        # once and sent again), a dropped connection, a cut-short body, a 429 and a 503.
        Set-CdfEmulatorFault -Sequence @(@{ Kind = 'none' }, @{ Kind = 'none' }, @{ Kind = 'none' }, @{ Status = 401 }, @{ Kind = 'none' },
            @{ Kind = 'drop' }, @{ Kind = 'none' }, @{ Kind = 'truncate' }, @{ Status = 429 }, @{ Kind = 'none' }, @{ Status = 503 }) -Path '/records/sync' | Out-Null
        # Slow enough that the run spans several token lifetimes (Small: ~15 s).
        Set-CdfEmulatorFault -Kind latency -LatencyMs ($large ? 60 : 250) -Path '/records/sync' | Out-Null
        Clear-CdfEmulatorRequest
        $cp = Join-Path $TestDrive 'soak.checkpoint.json'
        try {
            $verbose = [System.Collections.Generic.List[string]]::new()
            $ids = [System.Collections.Generic.List[string]]::new($soak.Records)
            Sync-CdfRecord soak -Source 'emulator/synthetic/int1' -InitializeCursor 1d-ago -PageSize $soak.PageSize -CheckpointPath $cp -Connection $connection -Verbose 4>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($_.Message) } else { $ids.Add($_.ExternalId) } }
        }
        finally { Clear-CdfEmulatorFault }
        $faults = @(Get-CdfEmulatorRequest -Path '/records/sync' | Where-Object fault)
        $summary = $verbose[-1]
        Write-Host ("Fault soak: {0:N0} records; {1} faults injected ({2}); {3} tokens issued; {4}" -f $ids.Count, $faults.Count,
            (($faults | Group-Object { "$($_.fault)" } | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', '), $issued.Count, $summary)

        $ids.Count | Should -Be $soak.Records
        [System.Collections.Generic.HashSet[string]]::new([string[]]$ids).Count | Should -Be $soak.Records
        (Get-Content -Raw $cp | ConvertFrom-Json).recordsRead | Should -Be $soak.Records
        $kinds = @($faults.fault | Sort-Object -Unique)
        foreach ($kind in 'status 429', 'status 503', 'status 401', 'drop', 'truncate') { $kinds | Should -Contain $kind }
        $summary | Should -Match "retries: [1-9]"
        $issued.Count | Should -BeGreaterOrEqual 3
    }
}

# Sync-CdfRecord resuming from a cursor last used longer ago than CDF keeps tombstones (3 days): it warns that deletes
# may have been missed and says what to do. The emulator keeps tombstones a week here, so that a four-day-old cursor
# is still accepted (with the default 3 days it expires, which the last test shows), and its clock is moved instead
# of waiting. The module measures the age by the service's clock (the Date header), so the moved clock counts.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    Set-CdfEmulatorConfig -TombstoneRetention 7.00:00:00 -Emulator $emu | Out-Null
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    function script:Add-Seed([string] $Stream, [int] $Count, [int] $FirstIndex = 0) {
        Invoke-RestMethod -Method Post -Uri "$($emu.HttpUrl)/_emulator/seed" -ContentType 'application/json' `
            -Body (@{ stream = $Stream; records = $Count; properties = 2; firstIndex = $FirstIndex } | ConvertTo-Json -Compress) | Out-Null
    }
    foreach ($stream in 'ret-a', 'ret-b', 'ret-kept') { Add-Seed $stream 20 }
    $script:cpA = Join-Path $TestDrive 'a.checkpoint.json'
    $script:cpB = Join-Path $TestDrive 'b.checkpoint.json'
    function script:Sync-Checkpoint([string] $Stream, [string] $Path) {
        $warnings = $null
        $records = @(Sync-CdfRecord $Stream -Source emulator/synthetic -InitializeCursor 1d-ago -CheckpointPath $Path -WarningVariable warnings -WarningAction SilentlyContinue)
        [pscustomobject]@{ Records = $records; Warnings = @($warnings) }
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Resuming from an old cursor' {
    It 'keeps with the cursor when it was last used, by the service''s clock' {
        $a = Sync-Checkpoint 'ret-a' $cpA
        $a.Records | Should -HaveCount 20
        $a.Warnings | Should -HaveCount 0
        (Sync-Checkpoint 'ret-b' $cpB).Records | Should -HaveCount 20
        Sync-CdfRecord 'ret-kept' -Source emulator/synthetic -InitializeCursor 1d-ago -WarningVariable w | Should -HaveCount 20
        $w | Should -HaveCount 0
        $emulatorNow = (Get-CdfEmulatorClock -Emulator $emu).Now
        $text = Get-Content -Raw $cpA
        $text -match '"cursorUsedAt": "([^"]+)"' | Should -BeTrue
        $used = [DateTimeOffset]::Parse($Matches[1], [cultureinfo]::InvariantCulture)
        ($emulatorNow - $used).Duration() | Should -BeLessThan ([timespan]::FromSeconds(30))
    }

    It 'does not warn when the cursor was last used 2 days ago (and using it counts as a use)' {
        Move-CdfEmulatorClock -Days 2 -Emulator $emu | Out-Null
        $a = Sync-Checkpoint 'ret-a' $cpA
        $a.Records | Should -HaveCount 0
        $a.Warnings | Should -HaveCount 0
    }

    It 'warns, before the first record, when the cursor was last used 4 days ago: deletes may have been missed, and what to do' {
        Move-CdfEmulatorClock -Days 2 -Emulator $emu | Out-Null
        # New records, so that the warning has records to come before.
        Add-Seed 'ret-b' 3 -FirstIndex 100
        $out = @(Sync-CdfRecord 'ret-b' -Source emulator/synthetic -CheckpointPath $cpB 3>&1)
        $out | Should -HaveCount 4
        $out[0] | Should -BeOfType ([System.Management.Automation.WarningRecord])
        $message = $out[0].Message
        $message | Should -BeLike "Stream 'ret-b': this sync resumes from a cursor last used 4 days* ago (*), longer than the 3 days the service keeps the tombstones of deleted records*"
        $message | Should -BeLike '*deletes made in that time may have been missed*'
        $message | Should -BeLike "*run a full re-sync and reconcile: delete or rename the checkpoint file '$cpB' and run the sync again with -InitializeCursor*"
        @($out | Select-Object -Skip 1 | ForEach-Object ExternalId) | Should -Be @('rec-00000100', 'rec-00000101', 'rec-00000102')

        # The cursor used 2 days ago (in the test before) is fine: the age is from its last use, not its first.
        (Sync-Checkpoint 'ret-a' $cpA).Warnings | Should -HaveCount 0
        # And once used, the 4-day-old cursor is fresh again.
        (Sync-Checkpoint 'ret-b' $cpB).Warnings | Should -HaveCount 0
    }

    It 'warns for the cursor kept in the session, too, and says the kept cursor is replaced by a new start' {
        Sync-CdfRecord 'ret-kept' -Source emulator/synthetic -WarningVariable w -WarningAction SilentlyContinue | Should -HaveCount 0
        $w | Should -HaveCount 1
        "$w" | Should -BeLike "Stream 'ret-kept': this sync resumes from a cursor last used 4 days* ago*run Sync-CdfRecord again with -InitializeCursor (it replaces the kept cursor)*"
    }

    It 'still stops with the CursorExpired error, and no warning, when the service no longer takes the cursor' {
        Add-Seed 'ret-expired' 20
        Sync-CdfRecord 'ret-expired' -Source emulator/synthetic -InitializeCursor 1d-ago | Should -HaveCount 20
        Set-CdfEmulatorConfig -TombstoneRetention 3.00:00:00 -Emulator $emu | Out-Null
        try {
            Move-CdfEmulatorClock -Days 4 -Emulator $emu | Out-Null
            $w = $null
            $records = $null
            $err = try { $records = @(Sync-CdfRecord 'ret-expired' -Source emulator/synthetic -WarningVariable w); 'no error' } catch { $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'CursorExpired,*'
            $records | Should -BeNullOrEmpty
            $w | Should -HaveCount 0
        }
        finally { Set-CdfEmulatorConfig -TombstoneRetention 7.00:00:00 -Emulator $emu | Out-Null }
    }
}

#Requires -Version 7.4
# Issue 18: a broken answer in the middle of a run through Sync-CdfRecord -CheckpointPath: the checkpoint is left at the
# last whole page, and the error says what happened (never a generic one).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'hostile' -SeedRecords 50 -SeedProperties 2
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'A cut-short page mid-run with -CheckpointPath' {
    It 'stops with a specific error and leaves the checkpoint at the last whole page' {
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -MaxRetries 2 -RetryDelay '00:00:00.010' -PassThru
        Clear-CdfEmulatorRequest
        # Two whole pages of 10, then every answer cut short (a proxy truncating bodies).
        Set-CdfEmulatorFault -Path '/records/sync' -Sequence @(@{ kind = 'none' }, @{ kind = 'none' }, @{ kind = 'truncate' }, @{ kind = 'truncate' }, @{ kind = 'truncate' }) | Out-Null
        $cp = Join-Path $TestDrive 'cp.json'
        $out = [System.Collections.Generic.List[object]]::new()
        $e = $null
        try { Sync-CdfRecord 'hostile' -InitializeCursor 1d-ago -PageSize 10 -CheckpointPath $cp -Connection $c | ForEach-Object { $out.Add($_) } }
        catch { $e = $_ }
        $out.Count | Should -Be 20
        $e | Should -Not -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -Not -BeLike 'RuntimeException*'
        $e.FullyQualifiedErrorId | Should -Not -BeLike '*Exception,*'
        "$e" | Should -Match 'was cut short'
        "$e" | Should -Match '/streams/hostile/records/sync'
        # The third request asked with the cursor of the second (whole) page: that is what the checkpoint must hold.
        $syncs = @(Get-CdfEmulatorRequest -Path '/records/sync' | Sort-Object id)
        $syncs.Count | Should -Be 5
        $second = ($syncs[2].body | ConvertFrom-Json).cursor
        $second | Should -Not -BeNullOrEmpty
        (Get-Content $cp -Raw | ConvertFrom-Json).cursor | Should -Be $second
        Clear-CdfEmulatorFault
        # The next run resumes from there and reads the other 30, none twice.
        @(Sync-CdfRecord 'hostile' -PageSize 10 -CheckpointPath $cp -Connection $c).Count | Should -Be 30
    }
}

#Requires -Version 7.4
# Default views (issue 19, item 9): write results with the reason first and whole, kept cursors told apart by their
# sources, ShortCursor hidden, and Get-CdfStream's list with each stream's Records.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space dsp -Container c -Properties ([ordered]@{ n = 'int64'; site = 'text' })
    New-TestStream $emu -Stream dsp-live
    New-TestStream $emu -Stream dsp-empty -Template BasicArchive
    Add-TestRecord $emu -Stream dsp-live -Space dsp -Container c -Record @(1..4 | ForEach-Object { @{ ExternalId = "d-$_"; n = $_; site = 'north' } })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    function script:Normalize([string] $Text) { ($Text -replace '\s+', ' ').Trim() }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Write results (-PassThru)' {
    It 'shows the status and the whole reason first, wrapped within the screen' {
        $rows = @(@{ ExternalId = 'w-1'; n = 1 }, @{ ExternalId = 'w-2'; n = 'twelve' })
        $results = @($rows | Add-CdfRecord -Stream dsp-live -Space dsp -Container dsp/c -PassThru -ErrorAction SilentlyContinue)
        $failed = $results | Where-Object Status -EQ 'Failed'
        $failed.Message | Should -Not -BeNullOrEmpty
        $text = $results | Format-Table | Out-String -Width 100
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Status\s+Message\s+Row\s+Record\s+Operation'
        foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual 100 }
        # The Message column, read back line by line, holds the whole reason (wrapped, not cut), after its ErrorId.
        $start = $lines[0].IndexOf('Message')
        $column = -join ($lines | Select-Object -Skip 2 | ForEach-Object { if ($_.Length -gt $start) { $_.Substring($start, [Math]::Min(60, $_.Length - $start)) } })
        ($column -replace '\s', '') | Should -BeLike "*$([WildcardPattern]::Escape(("$($failed.ErrorId): $($failed.Message)" -replace '\s', '')))*"
        Normalize $text | Should -BeLike '*dsp/w-2*'
    }
}

Describe 'Kept cursors' {
    BeforeAll {
        Clear-CdfSyncState
        Sync-CdfRecord dsp-live -Source dsp/c -InitializeCursor 1d-ago | Out-Null
        Sync-CdfRecord dsp-live -Source dsp/c/n -InitializeCursor 1d-ago -Filter (New-CdfRecordFilter -Property dsp/c/n -Gt 2) | Out-Null
    }

    It 'shows the sources and filter of each, so two cursors of one stream look different' {
        $text = Get-CdfSyncState | Format-Table | Out-String -Width 250
        $text | Should -Match 'Sources'
        $text | Should -Match 'dsp-live\s+dsp/c:\*\s'
        $text | Should -Match 'dsp-live\s+dsp/c:n where \{"range"'
    }

    It 'hides ShortCursor, the display twin of Cursor' {
        $state = @(Get-CdfSyncState)[0]
        ($state | Get-Member -Name ShortCursor) | Should -BeNullOrEmpty
        ($state | Get-Member -Name ShortCursor -Force) | Should -Not -BeNullOrEmpty
        ($state | Format-List | Out-String) | Should -Not -Match 'ShortCursor'
        ($state | Format-List | Out-String) | Should -Match 'Cursor\s+:'
    }
}

Describe 'Get-CdfStream' {
    It 'fills Records for every stream of the list, as for one stream' {
        $all = @(Get-CdfStream 'dsp-*')
        $all.ExternalId | Should -Be @('dsp-empty', 'dsp-live')
        $all[0].Records | Should -Be 0
        $all[1].Records | Should -Be (Get-CdfStream dsp-live).Records
        $all[1].Records | Should -BeGreaterOrEqual 4
        (Get-CdfStream | Format-Table | Out-String) | Should -Match 'dsp-live\s.*\s[45]\s'
    }
}

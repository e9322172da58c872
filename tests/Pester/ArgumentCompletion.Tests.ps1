#Requires -Version 7.4
# Tab completion through TabExpansion2, against the emulator: -Stream and -Source on every cmdlet that takes them
# (one shared completer each), -Sort, -Space and -Cluster; silent and quick without a connection or a service.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space tabs -Container reading -Properties ([ordered]@{ temperature = 'float64'; tags = 'text[]'; site = 'text' })
    New-TestContainer $emu -Space tabs -Container rig -Properties ([ordered]@{ depth = 'float64' })
    New-TestContainer $emu -Space other -Container c -Properties ([ordered]@{ n = 'int64' })
    New-TestStream $emu -Stream tab-live
    New-TestStream $emu -Stream tab-archive -Template BasicArchive
    New-TestStream $emu -Stream zeta -Template ImmutableTestStream
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe '-Stream completion' {
    It 'completes the project''s streams on <_>' -ForEach @(
        'Sync-CdfRecord', 'Get-CdfRecord', 'Measure-CdfRecord', 'Add-CdfRecord', 'Set-CdfRecord', 'Remove-CdfRecord',
        'Get-CdfStream', 'Remove-CdfStream', 'Get-CdfSyncState', 'Clear-CdfSyncState') {
        Complete "$_ -Stream tab-" | Should -Be @('tab-archive', 'tab-live')
    }

    It 'completes the first positional argument too, and every stream for an empty word' {
        Complete 'Sync-CdfRecord ta' | Should -Be @('tab-archive', 'tab-live')
        Complete 'Get-CdfRecord -Stream ' | Should -Be @('tab-archive', 'tab-live', 'zeta')
    }

    It 'tells the stream''s type and template in the tooltip' {
        $m = (TabExpansion2 -inputScript 'Get-CdfRecord -Stream tab-l' -cursorColumn 27).CompletionMatches
        $m.ToolTip | Should -Be 'tab-live (Mutable, BasicLiveData)'
    }

    It 'sees a new stream after New-CdfStream, and then uses one list call for every cmdlet' {
        New-CdfStream tab-new BasicArchive -Confirm:$false | Out-Null
        Clear-CdfEmulatorRequest -Emulator $emu
        Complete 'Get-CdfRecord -Stream tab-n' | Should -Be @('tab-new')
        Complete 'Sync-CdfRecord -Stream tab-n' | Should -Be @('tab-new')
        Complete 'Measure-CdfRecord -Stream tab-n' | Should -Be @('tab-new')
        @(Get-CdfEmulatorRequest -Emulator $emu -Path '/streams' | Where-Object path -Match '/streams$').Count | Should -Be 1
    }

    It 'offers the streams of kept cursors on Get-CdfSyncState and Clear-CdfSyncState' {
        Sync-CdfRecord zeta -InitializeCursor 1d-ago | Out-Null
        Complete 'Get-CdfSyncState z' | Should -Be @('zeta')
        Clear-CdfSyncState
    }
}

Describe '-Source completion' {
    It 'completes containers on <_>, then a container''s properties after its slash' -ForEach @('Sync-CdfRecord tab-live', 'Get-CdfRecord tab-live') {
        Complete "$_ -Source tabs/" | Should -Be @('tabs/reading', 'tabs/rig')
        Complete "$_ -Source tabs/reading/" | Should -Be @('tabs/reading/site', 'tabs/reading/tags', 'tabs/reading/temperature')
        Complete "$_ -Source tabs/reading/te" | Should -Be @('tabs/reading/temperature')
    }

    It 'completes the second entry of a list' {
        Complete 'Get-CdfRecord tab-live -Source tabs/rig, ot' | Should -Be @('other/c')
    }
}

Describe '-Sort, -Space, -Property and -Cluster completion' {
    It 'completes -Sort with top-level fields and property paths, narrowed to -Source' {
        Complete 'Get-CdfRecord tab-live -Sort lastUp' | Should -Be @('lastUpdatedTime')
        Complete 'Get-CdfRecord tab-live -Sort tabs/reading/t' | Should -Be @('tabs/reading/tags', 'tabs/reading/temperature')
        Complete 'Get-CdfRecord tab-live -Source tabs/rig -Sort tabs/' | Should -Be @('tabs/rig/depth')
    }

    It 'completes -Sort directions after a colon' {
        Complete 'Get-CdfRecord tab-live -Sort tabs/rig/depth:' | Should -Be @('tabs/rig/depth:asc', 'tabs/rig/depth:desc')
        Complete 'Get-CdfRecord tab-live -Sort createdTime:d' | Should -Be @('createdTime:desc')
    }

    It 'completes -Space with the project''s spaces on <_>' -ForEach @('Add-CdfRecord x -Container tabs/rig', 'Set-CdfRecord x -Container tabs/rig', 'Remove-CdfRecord x', 'Get-CdfSpace', 'Remove-CdfSpace') {
        Complete "$_ -Space ta" | Should -Be @('tabs')
    }

    It 'completes Measure-CdfRecord''s -Stream and -Property' {
        Complete 'Measure-CdfRecord tab-a' | Should -Be @('tab-archive')
        Complete 'Measure-CdfRecord tab-live -Property tabs/reading/te' | Should -Be @('tabs/reading/temperature')
    }

    It 'completes -Cluster with the known CDF clusters' {
        Complete 'Connect-CdfProject -Cluster westeu' | Should -Be @('westeurope-1')
        Complete 'Connect-CdfProject -Cluster az-' | Should -Contain 'az-eastus-1'
    }
}

Describe 'Completion through -Connection, and without a service' {
    It 'reads through the -Connection given on the command line' {
        $other = Start-CdfEmulator -SeedStream seeded -SeedRecords 1
        try {
            $script:c2 = Connect-CdfProject -Project $other.Project -BaseUrl $other.HttpUrl -AccessToken $other.Token -PassThru
            # The default connection is the new one now; put the first back as default and name the second.
            Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
            Complete 'Get-CdfRecord -Connection $c2 -Stream se' | Should -Be @('seeded')
            Complete 'Get-CdfRecord -Stream se' | Should -Be @()
        }
        finally { Stop-CdfEmulator $other }
    }

    It 'stays silent without a connection' {
        Disconnect-CdfProject
        try {
            Complete 'Sync-CdfRecord -Stream tab-' | Should -Be @()
            Complete 'Sync-CdfRecord tab-live -Source tabs/' | Should -Be @()
            Complete 'Get-CdfRecord tab-live -Sort ext' | Should -Be @('externalId')
        }
        finally {
            Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
        }
    }

    It 'stays silent, and asks at most once, when the service has gone' {
        $gone = Start-CdfEmulator
        $c3 = Connect-CdfProject -Project $gone.Project -BaseUrl $gone.HttpUrl -AccessToken $gone.Token -MaxRetryTime 00:00:02 -PassThru
        Stop-CdfEmulator $gone
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $first = Complete 'Get-CdfRecord -Connection $c3 -Stream x'
        $second = Complete 'Get-CdfRecord -Connection $c3 -Stream x'
        $watch.Stop()
        $first | Should -Be @()
        $second | Should -Be @()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    }
}

#Requires -Version 7.4
# Get-CdfRecord -All pages through the filter endpoint: every match exactly once, across pages of 1000 (bulk writes
# stamp 1000 records with one lastUpdatedTime) and across the windows of an immutable stream.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space al -Container c -Properties ([ordered]@{ n = 'int64'; kind = 'text' })
    New-TestStream $emu -Stream live
    New-TestStream $emu -Stream archive -Template BasicArchive
    # 2500 records in three bulk requests (1000, 1000, 500), a fourth of them 'odd'.
    $records = @(1..2500 | ForEach-Object { @{ ExternalId = 'r{0:D5}' -f $_; n = $_; kind = $(if ($_ % 4) { 'even' } else { 'odd' }) } })
    Add-TestRecord $emu -Stream live -Space al -Container c -Record $records
    Add-TestRecord $emu -Stream archive -Space al -Container c -Record $records
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    function script:Filters([string] $Stream) { @(Get-CdfEmulatorRequest -Path "/streams/$Stream/records/filter" | ForEach-Object { $_.body | ConvertFrom-Json }) }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Get-CdfRecord -All' {
    It 'writes every record of a mutable stream exactly once, in lastUpdatedTime order' {
        Clear-CdfEmulatorRequest
        $r = @(Get-CdfRecord live -Source al/c -All -WarningVariable warned)
        $r.Count | Should -Be 2500
        @($r.ExternalId | Sort-Object -Unique).Count | Should -Be 2500
        $warned | Should -BeNullOrEmpty
        for ($i = 1; $i -lt $r.Count; $i++) { $r[$i].LastUpdatedTime | Should -BeGreaterOrEqual $r[$i - 1].LastUpdatedTime }
        $sent = Filters live
        $sent.Count | Should -BeGreaterOrEqual 3
        $sent[0].sort[0].property | Should -Be @('lastUpdatedTime')
        $sent.limit | Sort-Object -Unique | Should -Be 1000
    }

    It 'pages a filter, and without -All stops at 1000 with a warning' {
        $odd = New-CdfRecordFilter -Property al/c/kind -Equals odd
        @(Get-CdfRecord live -Source al/c -Filter $odd -All).Count | Should -Be 625
        @(Get-CdfRecord live -Source al/c -WarningVariable warned -WarningAction SilentlyContinue).Count | Should -Be 1000
        $warned | Should -Match '-All'
    }

    It 'reads every window of an immutable stream, paging within each' {
        Clear-CdfEmulatorRequest
        $r = @(Get-CdfRecord archive -Source al/c -UpdatedAfter ([datetimeoffset]::UtcNow.AddDays(-800)) -All)
        @($r.ExternalId | Sort-Object -Unique).Count | Should -Be 2500
        $r.Count | Should -Be 2500
        $sent = Filters archive
        # Each request's lastUpdatedTime bounds (the open last window has no 'lt').
        $bounds = @($sent | ForEach-Object { [pscustomobject]@{ Gte = $_.lastUpdatedTime.gte; Lt = $_.lastUpdatedTime.PSObject.Properties['lt']?.Value } })
        # 800 days in windows of at most 366: two closed windows before the open one, which is paged (several requests).
        @($bounds | Where-Object { $null -ne $_.Lt -and ($_.Lt - $_.Gte) -gt 86400000 }).Count | Should -BeGreaterOrEqual 2
        @($bounds | Where-Object { $null -eq $_.Lt }).Count | Should -BeGreaterOrEqual 3
    }

    It 'takes no -Sort or -Limit, before any request' {
        Clear-CdfEmulatorRequest
        { Get-CdfRecord live -All -Sort externalId } | Should -Throw -ErrorId 'AllWithSortOrLimit,*'
        { Get-CdfRecord live -All -Limit 5 } | Should -Throw -ErrorId 'AllWithSortOrLimit,*'
        Get-CdfEmulatorRequest -Path '/records/filter' | Should -BeNullOrEmpty
    }
}

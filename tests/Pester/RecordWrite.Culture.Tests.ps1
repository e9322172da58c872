#Requires -Version 7.4
# The CSV round trip Sync-CdfRecord | Export-Csv, then Import-Csv | Add-CdfRecord, in en-US, en-GB and de-DE:
# Export-Csv writes dates in the current culture, and Add-CdfRecord must read them back as the same days or refuse
# them, naming row, column and both readings: never swap day and month.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space cu -Container c -Properties ([ordered]@{ time4 = 'timestamp'; date7 = 'date'; x = 'float64' })
    New-TestStream $emu -Stream source
    # 8 January: day and month both read as months; 13 January: only one reading.
    Add-TestRecord $emu -Stream source -Space cu -Container c -Record @(
        @{ ExternalId = 'jan8'; time4 = '2024-01-08T10:00:00.250Z'; date7 = '2024-01-08'; x = 0.25 },
        @{ ExternalId = 'jan13'; time4 = '2024-01-13T10:00:00.000Z'; date7 = '2024-01-13'; x = 1.5 })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    # Sync the source to a CSV file and load the file into a new stream, all in one culture; the errors and
    # results of Add-CdfRecord come back.
    function script:Invoke-RoundTrip([string] $Culture, [string] $Stream, [string[]] $DateFormat) {
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $Culture
            New-TestStream $emu -Stream $Stream
            Clear-CdfSyncState
            $csv = Join-Path $TestDrive "$Stream.csv"
            Sync-CdfRecord source -Source cu/c -InitializeCursor 1d-ago | Export-Csv $csv
            $extra = if ($DateFormat) { @{ DateFormat = $DateFormat } } else { @{} }
            $results = Import-Csv $csv | Add-CdfRecord -Stream $Stream -Container cu/c -PassThru @extra -ErrorVariable errors -ErrorAction SilentlyContinue
            [pscustomobject]@{ Results = @($results); Errors = @($errors); Csv = Get-Content -Raw $csv }
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }
    function script:Read-Back([string] $Stream) {
        Clear-CdfSyncState
        $records = @{}
        Sync-CdfRecord $Stream -Source cu/c -InitializeCursor 1d-ago | ForEach-Object { $records[$_.ExternalId] = $_ }
        $records
    }
    function script:Utc($t) { $t.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [cultureinfo]::InvariantCulture) }
    function script:Day($d) { $d.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture) }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'A CSV round trip keeps day and month' {
    It 'en-US: month-first text reads as written' {
        $r = Invoke-RoundTrip 'en-US' 'us'
        $r.Csv | Should -Match '1/8/2024'
        $r.Errors | Should -HaveCount 0
        $back = Read-Back 'us'
        # Export-Csv writes whole seconds: the milliseconds are gone before Add-CdfRecord sees the text.
        Utc $back.jan8.time4 | Should -Be '2024-01-08T10:00:00.000Z'
        Day $back.jan8.date7 | Should -Be '2024-01-08'
        Utc $back.jan13.time4 | Should -Be '2024-01-13T10:00:00.000Z'
        $back.jan8.x | Should -Be 0.25
    }

    It 'en-GB: day-first text that could be month-first is refused naming row, column and both readings' {
        $r = Invoke-RoundTrip 'en-GB' 'gb'
        $r.Csv | Should -Match '08/01/2024'
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRecordValue*'
        $message = $r.Errors[0].Exception.Message
        $message | Should -Match "Row \d+ \(externalId 'jan8'\), column '(time4|date7)'"
        $message | Should -Match '2024-01-08'
        $message | Should -Match '2024-08-01'
        $message | Should -Match 'en-GB'
        ($r.Results | Where-Object ExternalId -EQ 'jan8').Status | Should -Be 'Failed'
        ($r.Results | Where-Object ExternalId -EQ 'jan13').Status | Should -Be 'Succeeded'
        $back = Read-Back 'gb'
        $back.Keys | Should -Be @('jan13')
        Utc $back.jan13.time4 | Should -Be '2024-01-13T10:00:00.000Z'
        Day $back.jan13.date7 | Should -Be '2024-01-13'
    }

    It 'en-GB with -DateFormat: the named format decides' {
        $r = Invoke-RoundTrip 'en-GB' 'gbformat' -DateFormat 'dd/MM/yyyy HH:mm:ss zzz', 'dd/MM/yyyy HH:mm:ss'
        $r.Errors | Should -HaveCount 0
        $back = Read-Back 'gbformat'
        Utc $back.jan8.time4 | Should -Be '2024-01-08T10:00:00.000Z'
        Day $back.jan8.date7 | Should -Be '2024-01-08'
        Day $back.jan13.date7 | Should -Be '2024-01-13'
    }

    It 'de-DE: dotted dates and decimal commas read as written' {
        $r = Invoke-RoundTrip 'de-DE' 'de'
        $r.Csv | Should -Match '08\.01\.2024'
        $r.Csv | Should -Match '0,25'
        $r.Errors | Should -HaveCount 0
        $back = Read-Back 'de'
        Utc $back.jan8.time4 | Should -Be '2024-01-08T10:00:00.000Z'
        Day $back.jan8.date7 | Should -Be '2024-01-08'
        Day $back.jan13.date7 | Should -Be '2024-01-13'
        $back.jan8.x | Should -Be 0.25
    }
}

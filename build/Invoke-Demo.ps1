<#
.SYNOPSIS
    The main job, end to end: start the emulator with a seeded stream, connect, sync it into a CSV file, show the
    first rows and the kept cursor, add records, sync again to show that only the new ones are read, stop.
.DESCRIPTION
    Run by 'build.ps1 Demo' after the build. Everything runs against a local emulator on 127.0.0.1; nothing else
    is needed. The CSV file is written under out/demo.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorModulePath,
    [int] $Records = 5000,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/demo')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

Import-Module $ModulePath -Force
Import-Module $EmulatorModulePath -Force
New-Item -ItemType Directory -Force $OutputPath | Out-Null
$csv = Join-Path (Resolve-Path $OutputPath) 'demo-records.csv'
$started = [System.Diagnostics.Stopwatch]::StartNew()

Write-Step "Starting the emulator with a stream 'demo' of $Records synthetic records"
$emu = Start-CdfEmulator -SeedStream 'demo' -SeedRecords $Records -SeedProperties 8
try {
    Write-Host "Emulator at $($emu.HttpUrl), project '$($emu.Project)'"

    Write-Step 'Connect-CdfProject'
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru | Format-Table | Out-Host

    Write-Step "Sync-CdfRecord demo -Source 'emulator/synthetic' -InitializeCursor 1d-ago | Export-Csv $csv"
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Sync-CdfRecord demo -Source 'emulator/synthetic' -InitializeCursor 1d-ago | Tee-Object -Variable synced | Export-Csv -Path $csv
    $watch.Stop()
    $rows = @(Import-Csv $csv)
    Write-Host ("{0:N0} records written to the CSV file in {1:N2} s" -f $rows.Count, $watch.Elapsed.TotalSeconds)
    if ($rows.Count -ne $Records) { throw "Expected $Records records in the CSV file, found $($rows.Count)." }

    Write-Step 'The first rows of the CSV file'
    Get-Content $csv -TotalCount 4 | Out-Host

    Write-Step 'The same records as objects, in the default table view'
    $synced | Select-Object -First 3 | Out-Host

    Write-Step 'Get-CdfSyncState: the cursor kept in the session'
    Get-CdfSyncState | Out-Host

    Write-Step 'Adding 3 records and updating 1 through the API'
    $headers = @{ Authorization = "Bearer $($emu.Token)" }
    $container = (Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/models/containers/byids" -Headers $headers -ContentType 'application/json' `
            -Body '{"items":[{"space":"emulator","externalId":"synthetic"}]}').items[0]
    $textProperty = @($container.properties.PSObject.Properties | Where-Object { $_.Value.type.type -eq 'text' -and -not $_.Value.type.list })[0].Name
    $first = $rows[0].ExternalId
    $items = @('demo-new-1', 'demo-new-2', 'demo-new-3', $first) | ForEach-Object {
        @{ space = 'emulator'; externalId = $_; sources = @(@{ source = @{ type = 'container'; space = 'emulator'; externalId = 'synthetic' }; properties = @{ $textProperty = "written by the demo: $_" } }) }
    }
    Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/demo/records/upsert" -Headers $headers -ContentType 'application/json' `
        -Body (@{ items = @($items) } | ConvertTo-Json -Depth 10) | Out-Null

    Write-Step "Sync-CdfRecord demo -Source 'emulator/synthetic' (no -InitializeCursor: continues from the kept cursor)"
    $new = @(Sync-CdfRecord demo -Source 'emulator/synthetic' -Verbose 4>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { Write-Host "VERBOSE: $($_.Message)" -ForegroundColor DarkGray } else { $_ }
        })
    $new | Format-Table Space, ExternalId, Status, $textProperty -AutoSize | Out-Host
    Write-Host "$($new.Count) records read the second time (of $($Records + 3) in the stream)."
    if ($new.Count -ne 4) { throw "Expected the second sync to read only the 4 changed records, it read $($new.Count)." }
    $new | Export-Csv -Path $csv -Append

    Write-Step 'Get-CdfSyncState after the second sync'
    Get-CdfSyncState | Out-Host
}
finally {
    Write-Step 'Stopping the emulator'
    Stop-CdfEmulator $emu
}
Write-Host ("`nDemo done in {0:N1} s. The CSV file: {1}" -f $started.Elapsed.TotalSeconds, $csv) -ForegroundColor Green

#Requires -Version 7.4
# The README's "Load a CSV file into a new stream" example, run as it is written there against the emulator: the CSV
# block becomes readings.csv, the script block runs unchanged in that folder, and the records it wrote are checked
# against the CSV rows.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    # The fenced block that follows a marker comment in the README.
    $readme = Get-Content -Raw (Join-Path $PSScriptRoot '../../README.md')
    function script:Block([string] $Marker, [string] $Language) {
        $m = [regex]::Match($readme, "<!-- $Marker[^>]*-->\s*``````$Language\r?\n(?<code>.*?)\r?\n``````", 'Singleline')
        if (-not $m.Success) { throw "README.md has no $Language block after <!-- $Marker -->." }
        $m.Groups['code'].Value
    }
    $script:csv = Block 'readme-csv' 'csv'
    $script:script = Block 'readme-load-csv' 'powershell'
    $script:folder = Join-Path ([System.IO.Path]::GetTempPath()) ("readme-{0}" -f [guid]::NewGuid())
    New-Item -ItemType Directory $folder | Out-Null
    Set-Content -Path (Join-Path $folder 'readings.csv') -Value $csv -Encoding utf8NoBOM
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
    if ($script:folder) { Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue }
}

Describe 'README: load a CSV file into a new stream' {
    It 'starts from nothing: the space, container and stream do not exist' {
        @(Get-CdfSpace) | Should -HaveCount 0
        @(Get-CdfStream) | Should -HaveCount 0
        $script | Should -Match 'New-CdfSpace'
        $script | Should -Match 'New-CdfContainer .*-FromObject'
    }

    It 'runs without an error and writes every row of the CSV file as a record' {
        Push-Location $folder
        try {
            $errs = $null
            & ([scriptblock]::Create($script)) -ErrorVariable errs | Out-Null
            $errs | Should -BeNullOrEmpty
        }
        finally { Pop-Location }

        $container = Get-CdfContainer plant/reading
        $types = @{}; foreach ($p in $container.Properties) { $types[$p.Name] = $p.ToString() }
        $types.temperature | Should -Be 'temperature:float64!'
        $types.pressure | Should -Be 'pressure:int64!'
        $types.read_at | Should -Be 'read_at:timestamp!'
        $types.serviced | Should -Be 'serviced:date'
        $types.state | Should -Be 'state:enum(ok|warning|alarm)!'
        $types.ContainsKey('externalId') | Should -BeFalse

        $rows = @($csv | ConvertFrom-Csv)
        $records = @(Sync-CdfRecord sensor-live -Source plant/reading -InitializeCursor 1d-ago | Sort-Object ExternalId)
        $records.ExternalId | Should -Be $rows.externalId
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $records[$i].Space | Should -Be 'plant'
            $records[$i].site | Should -Be $rows[$i].site
            $records[$i].state | Should -Be $rows[$i].state
            $records[$i].temperature | Should -Be ([double]::Parse($rows[$i].temperature, [cultureinfo]::InvariantCulture))
            $records[$i].pressure | Should -Be ([long]$rows[$i].pressure)
            $records[$i].read_at | Should -Be ([datetimeoffset]::Parse($rows[$i].read_at, [cultureinfo]::InvariantCulture))
        }
        $records[1].serviced | Should -BeNullOrEmpty
    }
}

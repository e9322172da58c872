#Requires -Version 7.4
# Every help example a page marks as running against the emulator ('emulator examples:' in its front matter) runs
# as written against 'Start-CdfEmulator -ExampleData', in a folder holding the files the examples read, with
# $ErrorActionPreference = 'Stop': any error fails the example. Pages run in name order, examples in page order.
BeforeDiscovery {
    $docs = Join-Path $PSScriptRoot '../../docs/en-US'
    $script:examples = foreach ($page in (Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name)) {
        $lines = Get-Content -LiteralPath $page.FullName
        $mark = $lines | Select-Object -First 10 | Where-Object { $_ -match '^emulator examples:\s*(.+)$' } | ForEach-Object { $Matches[1] }
        if (-not $mark) { continue }
        $numbers = @($mark -split '[,\s]+' | Where-Object { $_ } | ForEach-Object { [int]$_ })
        # The first powershell fence under each '### Example' heading of the EXAMPLES section.
        $n = 0; $inExamples = $false; $fence = $null; $taken = $false
        foreach ($line in $lines) {
            if ($line -match '^## ') { $inExamples = $line -eq '## EXAMPLES'; continue }
            if (-not $inExamples) { continue }
            if ($line -match '^### ') { $n++; $taken = $false; continue }
            if ($null -ne $fence) {
                if ($line.StartsWith('```')) {
                    if ($numbers -contains $n) { @{ Page = $page.BaseName; Number = $n; Code = ($fence -join "`n") } }
                    $fence = $null; $taken = $true
                }
                else { $fence.Add($line) }
                continue
            }
            if ($line -match '^```powershell' -and -not $taken) { $fence = [System.Collections.Generic.List[string]]::new() }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -ExampleData
    # The files the examples read, as their text describes them.
    $script:folder = Join-Path $TestDrive 'examples'
    New-Item -ItemType Directory $folder | Out-Null
    $at = [DateTimeOffset]::UtcNow.ToString('o')
    @"
ExternalId,name,temperature,at,tags
r-1,pump-a,21.5,$at,"[""site-a""]"
r-2,pump-b,22.5,$at,"[""site-b""]"
"@ | Set-Content (Join-Path $folder 'readings.csv')
    @"
id,temp,comment,tags
x-1,30.5,checked,a;b
x-2,31,,c
"@ | Set-Content (Join-Path $folder 'export.csv')
    @"
Space,ExternalId,temperature,at
plant,london-1,12.5,08/01/2024 10:00:00 +00:00
plant,london-2,13.5,13/01/2024 10:00:00
"@ | Set-Content (Join-Path $folder 'from-london.csv')
    @"
ExternalId,temperature,state
pump-3,40.5,corrected
"@ | Set-Content (Join-Path $folder 'corrections.csv')
    "pump-5`npump-6" | Set-Content (Join-Path $folder 'ids.txt')
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Help example <Page> <Number>' -ForEach $examples {
    It 'runs as written against the emulator' {
        # A fresh default connection each time: an example may disconnect or connect elsewhere.
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
        Push-Location $folder
        try {
            $ErrorActionPreference = 'Stop'
            $block = [scriptblock]::Create($Code)
            { & $block | Out-String | Out-Null } | Should -Not -Throw
        }
        finally { Pop-Location }
    }
}

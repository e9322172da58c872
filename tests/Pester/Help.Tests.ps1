# Every exported cmdlet and every one of its parameters has help text, from the MAML that build.ps1 Docs makes.
BeforeDiscovery {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    Import-Module $module -Force
    $script:commands = @(Get-Command -Module CogniteRecords -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    Import-Module $module -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:cmd = Get-Command $Name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, PowerShell makes the synopsis from the syntax.
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name)) "
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code, and explains them' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $help.examples.example) { $e.code | Should -Not -BeNullOrEmpty }
        @($help.examples.example | Where-Object { ($_.remarks.Text -join '').Trim() }).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes its outputs' {
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) { if ($p) { $documented[$p.name] = ($p.description.Text -join '') } }
        $names = @($cmd.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($n in $names) {
            $documented.ContainsKey($n) | Should -BeTrue -Because "-$n of $Name needs a help entry"
            $documented[$n] | Should -Not -BeNullOrEmpty -Because "-$n of $Name needs a description"
        }
        # Nothing documented that the cmdlet does not have.
        foreach ($n in $documented.Keys) { $names | Should -Contain $n }
    }
}

Describe 'about_CogniteRecords' {
    It 'is there' {
        (Get-Help about_CogniteRecords | Out-String) | Should -Match 'commit after each page'
    }
    It 'says what makes a scheduled runbook fast, with the runtime setting spelled as the runtime reads it' {
        $text = Get-Help about_CogniteRecords | Out-String
        $text | Should -Match 'Speed of a scheduled runbook'
        $text | Should -Match 'DOTNET_TieredPGO=0'
        $text | Should -Match 'CDF_TOKEN'
    }
}

Describe 'Help as Get-Help shows it' {
    It 'renders a markdown table as aligned text, one row a line' {
        $text = Get-Help Add-CdfRecord -Full | Out-String -Width 200
        # The value types table of Add-CdfRecord: a header, a rule of dashes, then one row per type, the second
        # column starting at the same place on each line.
        $lines = $text -split "`r?`n"
        $header = @($lines | Where-Object { $_ -match '^\s+type\s{2,}takes\s*$' })
        $header | Should -HaveCount 1
        $column = $header[0].IndexOf('takes')
        $i = [Array]::IndexOf($lines, $header[0])
        $lines[$i + 1] | Should -Match '^\s+-+\s{2}-+\s*$'
        $rows = @($lines[($i + 2)..($i + 40)] | Where-Object { $_ -match '^\s+`(int32|boolean|json|direct)`' })
        $rows | Should -HaveCount 4
        foreach ($r in $rows) { $r.Substring($column - 2, 2) | Should -Be '  '; $r[$column] | Should -Not -Be ' ' }
        # Never the collapsed form: cells run together on one line.
        $text | Should -Not -Match '\| `int32`'
    }

    It 'gives every cmdlet an online link: its page in the repository' {
        $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../CogniteRecords.psd1')
        $base = $manifest.PrivateData.PSData.ProjectUri
        $base | Should -Match '^https://'
        foreach ($c in (Get-Command -Module CogniteRecords -CommandType Cmdlet)) {
            $link = @((Get-Help $c.Name).relatedLinks.navigationLink | Where-Object { $_.uri })[0]
            $link.uri | Should -Be "$($base.TrimEnd('/'))/blob/main/docs/en-US/$($c.Name).md"
            Join-Path $PSScriptRoot "../../docs/en-US/$($c.Name).md" | Should -Exist
        }
    }

    It 'says which examples run against the emulator, and most pages have some' {
        $marked = @(Get-ChildItem (Join-Path $PSScriptRoot '../../docs/en-US') -Filter '*-*.md' | Where-Object { (Get-Content $_.FullName -TotalCount 10) -match '^emulator examples:' })
        $marked.Count | Should -BeGreaterOrEqual 12
        $example = (Get-Help Get-CdfStream -Examples).examples.example[0]
        ($example.remarks.Text -join ' ') | Should -Match 'runs as written against the emulator'
    }
}

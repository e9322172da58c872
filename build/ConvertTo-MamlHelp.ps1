<#
.SYNOPSIS
    Turns platyPS-style markdown help pages into the module's MAML help file and about_ topics.
.DESCRIPTION
    platyPS cannot be installed here, so this script reads the same markdown schema (platyPS 2.0.0: SYNOPSIS,
    SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS with a yaml block each, INPUTS, OUTPUTS, NOTES, RELATED LINKS) and
    writes CogniteRecords.dll-Help.xml; about_*.md pages become about_*.help.txt. The pages stay usable with
    platyPS elsewhere.
.PARAMETER DocsPath
    The folder of markdown pages (docs/en-US).
.PARAMETER OutputPath
    The module's en-US folder.
.PARAMETER OnlineBaseUri
    Where the pages are online (the docs folder in the repository): a page whose front matter has no
    'online version' gets <OnlineBaseUri><page>.md, the link Get-Help -Online opens.
.NOTES
    Markdown tables become aligned text (one paragraph, its lines kept), list items start their own lines, and
    '###' headings inside a section become paragraphs of their own: Get-Help prints a paragraph's line breaks and
    spaces as they are, but joins the lines of a markdown paragraph. A page's front matter may name
    'emulator examples: 1, 3': those examples run as written against 'Start-CdfEmulator -ExampleData', their
    remarks say so, and tests/Pester/Help.Examples.Tests.ps1 runs each of them.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $HelpFileName = 'CogniteRecords.dll-Help.xml',
    [string] $OnlineBaseUri
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Split-Sections {
    # Lines under each '## ' heading (fenced code kept whole).
    param([string[]] $Lines)
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^## (.+)$') { $current = $Matches[1].Trim(); $sections[$current] = [System.Collections.Generic.List[string]]::new(); continue }
        if ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

function Split-Subsections {
    # Lines under each '### ' heading of a section.
    param([System.Collections.Generic.List[string]] $Lines)
    $subs = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^### (.+)$') {
            $current = [pscustomobject]@{ Title = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $subs.Add($current); continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    $subs
}

function Split-TableRow {
    # The cells of a markdown table row '| a | b |' ('\|' is a pipe inside a cell).
    param([string] $Line)
    $t = $Line.Trim()
    if ($t.StartsWith('|')) { $t = $t.Substring(1) }
    if ($t.EndsWith('|') -and -not $t.EndsWith('\|')) { $t = $t.Substring(0, $t.Length - 1) }
    @([regex]::Split($t, '(?<!\\)\|') | ForEach-Object { $_.Trim().Replace('\|', '|') })
}

function Split-Words {
    # Text wrapped at spaces into lines of at most $Width characters (a longer word is cut).
    param([string] $Text, [int] $Width)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in ($Text -split ' ' | Where-Object { $_ })) {
        while ($word.Length -gt $Width) {
            if ($line) { $lines.Add($line); $line = '' }
            $lines.Add($word.Substring(0, $Width)); $word = $word.Substring($Width)
        }
        if (-not $line) { $line = $word }
        elseif ($line.Length + 1 + $word.Length -le $Width) { $line += ' ' + $word }
        else { $lines.Add($line); $line = $word }
    }
    if ($line -or $lines.Count -eq 0) { $lines.Add($line) }
    $lines
}

function ConvertTo-TextTable {
    # A markdown table as aligned text lines: header, a rule, rows; cells wrapped within their column so that a
    # line fits $Width (Get-Help indents by 4 and a console is often 120 wide).
    param([string[]] $Lines, [int] $Width = 100)
    # The rule under the header ('|---|:--|') is dropped: the text table draws its own.
    $rows = @($Lines | Where-Object { -not ($_ -match '^[\s|:-]+$' -and $_ -match '---') } | ForEach-Object { , @(Split-TableRow $_) })
    $columns = ($rows | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
    $widths = [int[]]::new($columns)
    foreach ($r in $rows) { for ($i = 0; $i -lt $r.Count; $i++) { $widths[$i] = [Math]::Max($widths[$i], $r[$i].Length) } }
    $available = $Width - 2 * ($columns - 1)
    while (($widths | Measure-Object -Sum).Sum -gt $available) {
        $widest = [Array]::IndexOf($widths, ($widths | Measure-Object -Maximum).Maximum)
        if ($widths[$widest] -le 12) { break }
        $widths[$widest]--
    }
    $out = [System.Collections.Generic.List[string]]::new()
    $wrapped = $false
    $first = $true
    foreach ($r in $rows) {
        $cells = for ($i = 0; $i -lt $columns; $i++) { , @(Split-Words $(if ($i -lt $r.Count) { $r[$i] } else { '' }) $widths[$i]) }
        $height = ($cells | ForEach-Object { $_.Count } | Measure-Object -Maximum).Maximum
        if ($height -gt 1) { $wrapped = $true }
        if (-not $first -and $wrapped -and $out.Count -gt 2) { $out.Add('') }
        for ($l = 0; $l -lt $height; $l++) {
            $parts = for ($i = 0; $i -lt $columns; $i++) { $(if ($l -lt $cells[$i].Count) { $cells[$i][$l] } else { '' }).PadRight($widths[$i]) }
            $out.Add(($parts -join '  ').TrimEnd())
        }
        if ($first) { $out.Add((($widths | ForEach-Object { '-' * $_ }) -join '  ')); $first = $false }
    }
    $out
}

function Get-Paragraphs {
    # Text outside code fences, as paragraphs (blank lines separate them). A table becomes one paragraph of aligned
    # lines, each list item starts a line of its own, and a '###' heading is a paragraph of its own.
    param([string[]] $Lines)
    $paras = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Text.StringBuilder]::new()
    $table = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($table.Count) { $paras.Add(((ConvertTo-TextTable $table) -join "`n")); $table.Clear() }
        if ($buffer.Length) { $paras.Add($buffer.ToString().Trim()); [void]$buffer.Clear() }
    }
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        $t = $line.Trim()
        if ($t -eq '') { & $flush; continue }
        if ($t.StartsWith('|')) {
            if ($buffer.Length) { $paras.Add($buffer.ToString().Trim()); [void]$buffer.Clear() }
            $table.Add($t); continue
        }
        if ($table.Count) { & $flush }
        if ($t -match '^#{3,}\s+(.+)$') { & $flush; $paras.Add($Matches[1]); continue }
        if ($t -match '^([-*]|\d+\.)\s' -and $buffer.Length) { [void]$buffer.Append("`n") }
        elseif ($buffer.Length) { [void]$buffer.Append(' ') }
        [void]$buffer.Append($t)
    }
    & $flush
    $paras
}

function Get-Fence {
    # The first fenced block's lines.
    param([string[]] $Lines)
    $out = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { if ($inFence) { break } else { $inFence = $true; continue } }
        if ($inFence) { $out.Add($line) }
    }
    $out
}

function Get-Fences {
    # Every fenced block's text, in order.
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[string]]::new()
    $buffer = $null
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) {
            if ($null -eq $buffer) { $buffer = [System.Collections.Generic.List[string]]::new() }
            else { $blocks.Add($buffer -join "`n"); $buffer = $null }
            continue
        }
        if ($null -ne $buffer) { $buffer.Add($line) }
    }
    $blocks
}

function Read-CommandPage {
    param([string] $Path)
    $lines = Get-Content -LiteralPath $Path
    $name = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1) -replace '^# ', ''
    # The front matter between the first two '---' lines.
    $front = @{}
    if ($lines[0] -eq '---') {
        foreach ($l in ($lines | Select-Object -Skip 1)) { if ($l -eq '---') { break }; if ($l -match '^([^:]+):\s*(.*)$') { $front[$Matches[1].Trim()] = $Matches[2].Trim() } }
    }
    $online = if ($front['online version']) { $front['online version'] } elseif ($OnlineBaseUri) { $OnlineBaseUri + [IO.Path]::GetFileName($Path) } else { '' }
    $runnable = @(($front['emulator examples'] -split '[,\s]+') | Where-Object { $_ -match '^\d+$' } | ForEach-Object { [int]$_ })
    $s = Split-Sections $lines
    foreach ($required in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS') {
        if (-not $s.Contains($required)) { throw "$Path has no '## $required' section." }
    }
    $params = foreach ($sub in (Split-Subsections $s['PARAMETERS'])) {
        if ($sub.Title -notmatch '^-(\S+)') { continue }
        $paramName = $Matches[1]
        $yaml = @{}
        foreach ($l in (Get-Fence $sub.Lines)) { if ($l -match '^([^:]+):\s*(.*)$') { $yaml[$Matches[1].Trim()] = $Matches[2].Trim() } }
        [pscustomobject]@{
            Name = $paramName; Description = @(Get-Paragraphs $sub.Lines); Type = $yaml['Type']
            Sets = @(($yaml['Parameter Sets'] -split ',') | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            Aliases = $yaml['Aliases']; Required = $yaml['Required'] -eq 'True'; Position = $yaml['Position']
            Default = $yaml['Default value']; Pipeline = $yaml['Accept pipeline input']; Wildcards = $yaml['Accept wildcard characters'] -eq 'True'
        }
    }
    [pscustomobject]@{
        Name        = $name
        Synopsis    = (Get-Paragraphs $s['SYNOPSIS']) -join ' '
        Description = @(Get-Paragraphs $s['DESCRIPTION'])
        Sets        = @((Split-Subsections $s['SYNTAX']) | ForEach-Object { $_.Title -replace '\s*\(Default\)$', '' })
        # The first fence is the code; later ones (```output) are shown with the remarks, as platyPS does.
        Examples    = @(& {
                $n = 0
                foreach ($e in (Split-Subsections $s['EXAMPLES'])) {
                    $n++
                    $fences = @(Get-Fences $e.Lines)
                    $remarks = @(@($fences | Select-Object -Skip 1) + @(Get-Paragraphs $e.Lines))
                    if ($runnable -contains $n) { $remarks += 'This example runs as written against the emulator: see TRYING THE EXAMPLES in about_CogniteRecords.' }
                    [pscustomobject]@{ Title = $e.Title; Code = $(if ($fences.Count) { $fences[0] } else { '' }); Remarks = $remarks }
                }
            })
        Online      = $online
        Parameters  = @($params)
        Inputs      = @((Split-Subsections $s['INPUTS']) | ForEach-Object { [pscustomobject]@{ Type = $_.Title; Description = @(Get-Paragraphs $_.Lines) } })
        Outputs     = @((Split-Subsections $s['OUTPUTS']) | ForEach-Object { [pscustomobject]@{ Type = $_.Title; Description = @(Get-Paragraphs $_.Lines) } })
        Notes       = if ($s.Contains('NOTES')) { @(Get-Paragraphs $s['NOTES']) } else { @() }
        Links       = if ($s.Contains('RELATED LINKS')) { @($s['RELATED LINKS'] | Where-Object { $_ -match '^\[([^\]]+)\]\(([^)]*)\)' } | ForEach-Object { $null = $_ -match '^\[([^\]]+)\]\(([^)]*)\)'; [pscustomobject]@{ Text = $Matches[1]; Uri = if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' } } }) } else { @() }
    }
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmdNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras {
    param([System.Xml.XmlWriter] $W, [string[]] $Paras)
    foreach ($p in $Paras) { $W.WriteElementString('para', $maml, $p) }
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $W, $P, [switch] $InSyntax)
    $W.WriteStartElement('command', 'parameter', $cmdNs)
    $W.WriteAttributeString('required', $P.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $P.Wildcards.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $P.Pipeline)
    $W.WriteAttributeString('position', $(if ($P.Position -match '^\d+$') { $P.Position } else { 'named' }))
    $W.WriteAttributeString('aliases', $(if ($P.Aliases) { $P.Aliases } else { 'none' }))
    $W.WriteElementString('name', $maml, $P.Name)
    $W.WriteStartElement('description', $maml); Write-Paras $W $P.Description; $W.WriteEndElement()
    $isSwitch = $P.Type -eq 'SwitchParameter'
    if (-not ($InSyntax -and $isSwitch)) {
        $W.WriteStartElement('command', 'parameterValue', $cmdNs)
        $W.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($P.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $dev); $W.WriteElementString('name', $maml, $P.Type); $W.WriteElementString('uri', $maml, ''); $W.WriteEndElement()
    $W.WriteElementString('dev', 'defaultValue', $dev, $P.Default)
    $W.WriteEndElement()
}

$pages = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' | Where-Object { $_.Name -notlike 'about_*' } | Sort-Object Name | ForEach-Object { Read-CommandPage $_.FullName })
New-Item -ItemType Directory -Force $OutputPath | Out-Null
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$target = Join-Path $OutputPath $HelpFileName
$w = [System.Xml.XmlWriter]::Create($target, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages) {
        $w.WriteStartElement('command', 'command', $cmdNs)
        $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $w.WriteStartElement('command', 'details', $cmdNs)
        $w.WriteElementString('command', 'name', $cmdNs, $page.Name)
        $verb, $noun = $page.Name -split '-', 2
        $w.WriteElementString('command', 'verb', $cmdNs, $verb)
        $w.WriteElementString('command', 'noun', $cmdNs, $noun)
        $w.WriteStartElement('description', $maml); Write-Paras $w @($page.Synopsis); $w.WriteEndElement()
        $w.WriteEndElement()
        $w.WriteStartElement('description', $maml); Write-Paras $w $page.Description; $w.WriteEndElement()

        $w.WriteStartElement('command', 'syntax', $cmdNs)
        foreach ($set in $page.Sets) {
            $w.WriteStartElement('command', 'syntaxItem', $cmdNs)
            $w.WriteElementString('name', $maml, $page.Name)
            $inSet = $page.Parameters | Where-Object { $set -eq 'All' -or $_.Sets -contains '(All)' -or $_.Sets -contains $set }
            # Positional first, as Get-Command shows them.
            $ordered = @($inSet | Where-Object { $_.Position -match '^\d+$' } | Sort-Object { [int]$_.Position }) + @($inSet | Where-Object { $_.Position -notmatch '^\d+$' })
            foreach ($p in $ordered) { Write-Parameter $w $p -InSyntax }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $cmdNs)
        foreach ($p in $page.Parameters) { Write-Parameter $w $p }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'inputTypes', $cmdNs)
        foreach ($i in $page.Inputs) {
            $w.WriteStartElement('command', 'inputType', $cmdNs)
            $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('name', $maml, $i.Type); $w.WriteEndElement()
            $w.WriteStartElement('description', $maml); Write-Paras $w $i.Description; $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteStartElement('command', 'returnValues', $cmdNs)
        foreach ($o in $page.Outputs) {
            $w.WriteStartElement('command', 'returnValue', $cmdNs)
            $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('name', $maml, $o.Type); $w.WriteEndElement()
            $w.WriteStartElement('description', $maml); Write-Paras $w $o.Description; $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('alertSet', $maml)
        $w.WriteStartElement('alert', $maml); Write-Paras $w $page.Notes; $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $cmdNs)
        foreach ($e in $page.Examples) {
            $w.WriteStartElement('command', 'example', $cmdNs)
            $w.WriteElementString('title', $maml, "-------------------------- $($e.Title) --------------------------")
            $w.WriteElementString('dev', 'code', $dev, $e.Code)
            $w.WriteStartElement('dev', 'remarks', $dev); Write-Paras $w $e.Remarks; $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $cmdNs)
        # Get-Help -Online opens the first link that has a URI: the page itself, as platyPS writes it.
        if ($page.Online) {
            $w.WriteStartElement('navigationLink', $maml)
            $w.WriteElementString('linkText', $maml, 'Online Version:')
            $w.WriteElementString('uri', $maml, $page.Online)
            $w.WriteEndElement()
        }
        foreach ($l in $page.Links) {
            $w.WriteStartElement('navigationLink', $maml)
            $w.WriteElementString('linkText', $maml, $l.Text)
            $w.WriteElementString('uri', $maml, $l.Uri)
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
}
finally { $w.Dispose() }
Write-Host "Help for $($pages.Count) cmdlets written to $target"

# about_ topics: plain text, headings unindented, body indented, as Get-Help shows them.
foreach ($about in Get-ChildItem -LiteralPath $DocsPath -Filter 'about_*.md') {
    $text = [System.Text.StringBuilder]::new()
    $inFence = $false
    $table = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @(Get-Content -LiteralPath $about.FullName | Select-Object -Skip 2) + '') {
        if (-not $inFence -and $line.Trim().StartsWith('|')) { $table.Add($line.Trim()); continue }
        if ($table.Count) { foreach ($t in (ConvertTo-TextTable $table -Width 96)) { [void]$text.AppendLine('    ' + $t) }; $table.Clear() }
        if ($line.StartsWith('```')) { $inFence = -not $inFence; continue }
        if (-not $inFence -and $line -match '^# (.+)$') { [void]$text.AppendLine($Matches[1].ToUpperInvariant()); continue }
        if (-not $inFence -and $line -match '^## (.+)$') { [void]$text.AppendLine('  ' + $Matches[1].ToUpperInvariant()); continue }
        [void]$text.AppendLine($(if ($line.Trim()) { '    ' + $line } else { '' }))
    }
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($about.Name)
    $header = "TOPIC`n    $topic`n`n"
    Set-Content -LiteralPath (Join-Path $OutputPath "$topic.help.txt") -Value ($header + $text.ToString()) -Encoding utf8NoBOM
    Write-Host "About topic $topic written"
}

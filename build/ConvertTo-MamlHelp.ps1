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
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $HelpFileName = 'CogniteRecords.dll-Help.xml'
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

function Get-Paragraphs {
    # Text outside code fences, as paragraphs (blank lines separate them).
    param([string[]] $Lines)
    $paras = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        if ($line.Trim() -eq '') {
            if ($buffer.Count) { $paras.Add(($buffer -join ' ').Trim()); $buffer.Clear() }
        }
        else { $buffer.Add($line.Trim()) }
    }
    if ($buffer.Count) { $paras.Add(($buffer -join ' ').Trim()) }
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
        Examples    = @((Split-Subsections $s['EXAMPLES']) | ForEach-Object {
                $fences = @(Get-Fences $_.Lines)
                [pscustomobject]@{ Title = $_.Title; Code = $(if ($fences.Count) { $fences[0] } else { '' }); Remarks = @(@($fences | Select-Object -Skip 1) + @(Get-Paragraphs $_.Lines)) }
            })
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
    foreach ($line in (Get-Content -LiteralPath $about.FullName | Select-Object -Skip 2)) {
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

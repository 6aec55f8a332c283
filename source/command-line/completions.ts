/** `layerscope completion bash|zsh|fish`: a completion script made from the flag table. */
import {type FlagRow, flagTable, isCamelCase, spellingsOf} from './flag-table.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = typeof shells[number];

export function isShell(name: string): name is Shell {
	return (shells as readonly string[]).includes(name);
}

export function completionScript(shell: Shell): string {
	switch (shell) {
		case 'bash': {
			return bashScript();
		}

		case 'zsh': {
			return zshScript();
		}

		case 'fish': {
			return fishScript();
		}
	}
}

/** What a user types: kebab case and short flags (dive's camelCase spellings work, but are not offered). */
const offered = (row: FlagRow) => spellingsOf(row).filter(spelling => !isCamelCase(spelling));
const takesValue = (row: FlagRow) => row.kind !== 'boolean';
const valueFlagsCompleting = (kind: FlagRow['completes']) => flagTable.filter(row => takesValue(row) && row.completes === kind).flatMap(offered);

function bashScript(): string {
	const casePattern = (kind: FlagRow['completes']) => valueFlagsCompleting(kind).join('|');
	return `# bash completion for layerscope; load it with: source <(layerscope completion bash)
_layerscope() {
	local current=\${COMP_WORDS[COMP_CWORD]} previous=\${COMP_WORDS[COMP_CWORD-1]}
	case $previous in
		${casePattern('file')}) COMPREPLY=($(compgen -f -- "$current")); return ;;
		${casePattern('directory')}) COMPREPLY=($(compgen -d -- "$current")); return ;;
		${casePattern('none')}) COMPREPLY=(); return ;;
	esac
	if [[ $current == -* ]]; then
		COMPREPLY=($(compgen -W '${flagTable.flatMap(offered).join(' ')}' -- "$current"))
	elif [[ $COMP_CWORD -eq 2 && $previous == completion ]]; then
		COMPREPLY=($(compgen -W 'bash zsh fish' -- "$current"))
	elif [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'completion' -- "$current") $(compgen -f -- "$current"))
	else
		COMPREPLY=($(compgen -f -- "$current"))
	fi
}
complete -o filenames -F _layerscope layerscope
`;
}

function zshScript(): string {
	// _arguments reads `[`, `]`, `:` and `\` in a spec; the shell then reads the single quotes around it.
	const quoted = (text: string) => text.replaceAll(/([[\]:\\])/g, '\\$1').replaceAll('\'', '\'\\\'\'');
	const specs = flagTable.flatMap(row => offered(row).map(spelling => {
		const repeat = row.repeatable ? '*' : '';
		const description = `[${quoted(row.description)}]`;
		if (!takesValue(row)) return `'${repeat}${spelling}${description}'`;
		const action = row.completes === 'file' ? '_files' : (row.completes === 'directory' ? '_files -/' : ' ');
		return `'${repeat}${spelling}${description}:${quoted(row.value ?? 'value')}:${action}'`;
	}));
	return `#compdef layerscope
# zsh completion for layerscope; put it in a directory of $fpath as _layerscope, or: source <(layerscope completion zsh)
_layerscope() {
	_arguments -s \\
		${specs.join(' \\\n\t\t')} \\
		'1:archive, image or completion:_files' \\
		'2:shell:(bash zsh fish)'
}
if [[ $funcstack[1] == _layerscope ]]; then _layerscope "$@"; else compdef _layerscope layerscope; fi
`;
}

function fishScript(): string {
	const quoted = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'')}'`;
	const lines = flagTable.flatMap(row => {
		const longs = offered(row).filter(spelling => spelling.startsWith('--')).map(spelling => `-l ${spelling.slice(2)}`);
		const shorts = (row.shortFlags ?? []).map(letter => `-s ${letter}`);
		const value = !takesValue(row) ? '' : (row.completes === 'file' ? ' -r -F' : (row.completes === 'directory' ? ' -x -a \'(__fish_complete_directories)\'' : ' -x'));
		return [`complete -c layerscope ${[...shorts, ...longs].join(' ')}${value} -d ${quoted(row.description)}`];
	});
	return `# fish completion for layerscope; load it with: layerscope completion fish | source
${lines.join('\n')}
complete -c layerscope -n '__fish_is_first_arg' -a completion -d 'print a completion script'
complete -c layerscope -n '__fish_seen_subcommand_from completion' -x -a 'bash zsh fish'
`;
}


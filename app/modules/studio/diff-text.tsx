import { useTranslation } from 'react-i18next'
import type { DiffPart } from './materials.server.ts'

/** A source diff: insertions and deletions marked, and announced to screen readers in the UI language. */
export function DiffText({ parts, locale, uiLang }: { parts: DiffPart[]; locale: string; uiLang: string | undefined }) {
	const { t } = useTranslation('studio')
	return (
		<pre className="diff" lang={locale}>
			{parts.map((p, i) =>
				p.kind === 'added' ? (
					<ins key={i}>
						<span className="visually-hidden" lang={uiLang}>{t('diff.added')} </span>
						{p.text}
					</ins>
				) : p.kind === 'removed' ? (
					<del key={i}>
						<span className="visually-hidden" lang={uiLang}>{t('diff.removed')} </span>
						{p.text}
					</del>
				) : (
					<span key={i}>{p.text}</span>
				),
			)}
		</pre>
	)
}

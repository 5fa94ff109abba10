// Offline learning in the pages that hydrate (ADR 014): "Save for offline use" on a course page,
// the list of saved courses in My learning, and the bridge every hydrated page has to the
// service worker (who is signed in, sync when the network returns, the warning before logout).
// Nothing here renders before hydration: offline learning needs JavaScript.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDate, type Locale } from '#app/modules/i18n/locales.ts'
import { formatSize } from '#app/modules/materials/format.ts'
import { askWorker, registerWorker, type WorkerStatus } from '#app/offline/messages.ts'
import { useRootData } from './site-chrome.tsx'

function offlineSupported() {
	return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'caches' in window && 'indexedDB' in window
}

/** Registers the worker; gives up after a while rather than leave the button spinning. */
async function ensureWorker() {
	await Promise.race([registerWorker(), new Promise((_, reject) => setTimeout(() => reject(new Error('service worker did not start')), 20_000))])
}

type SaveState = { state: 'idle' } | { state: 'saving'; done: number; total: number } | { state: 'saved'; savedAt: string; bytes: number } | { state: 'error' }

export function OfflineSave({ lang, slug }: { lang: Locale; slug: string }) {
	const { t } = useTranslation('learning')
	const { user } = useRootData()
	const [supported, setSupported] = useState<boolean | null>(null)
	const [size, setSize] = useState<number | null>(null)
	const [status, setStatus] = useState<SaveState>({ state: 'idle' })
	useEffect(() => {
		if (!offlineSupported() || !user) return setSupported(false)
		setSupported(true)
		let live = true
		void (async () => {
			const { getSavedCourse } = await import('#app/offline/store.ts')
			const saved = await getSavedCourse(slug).catch(() => undefined)
			if (live && saved && saved.userId === user.id) setStatus({ state: 'saved', savedAt: saved.savedAt, bytes: saved.bytes })
			const { fetchPackage } = await import('#app/offline/courses.ts')
			const pack = await fetchPackage(lang, slug).catch(() => null)
			if (live && pack) setSize(pack.totalBytes)
		})()
		return () => {
			live = false
		}
	}, [lang, slug, user])
	if (supported === null || !user) return null
	if (!supported) return <p className="field__hint">{t('offline.saveUnsupported')}</p>
	const save = async () => {
		setStatus({ state: 'saving', done: 0, total: size ?? 0 })
		try {
			await ensureWorker()
			const [{ saveCourse }, { setMeta }] = await Promise.all([import('#app/offline/courses.ts'), import('#app/offline/store.ts')])
			await setMeta({ owner: user.id, suspended: false })
			const record = await saveCourse({ lang, slug, userId: user.id, onProgress: (done, total) => setStatus({ state: 'saving', done, total }) })
			setStatus({ state: 'saved', savedAt: record.savedAt, bytes: record.bytes })
			void askWorker({ type: 'hello', userId: user.id })
		} catch {
			setStatus({ state: 'error' })
		}
	}
	return (
		<section aria-labelledby="offline-title" className="offline-save">
			<h2 id="offline-title">{t('offline.savedTitle')}</h2>
			<p>{t('offline.saveLead')}</p>
			{size !== null && status.state !== 'saved' ? <p>{t('offline.saveSize', { size: formatSize(size, lang) })}</p> : null}
			<p>
				<button type="button" className={status.state === 'saved' ? 'button button--secondary' : 'button'} data-testid="offline-save" disabled={status.state === 'saving'} onClick={() => void save()}>
					{status.state === 'saved' ? t('offline.saveAgain') : t('offline.save')}
				</button>
			</p>
			<div data-testid="offline-status" data-state={status.state} role="status">
				{status.state === 'saving' ? (
					<label className="progress-label">
						{t('offline.saving', { done: formatSize(status.done, lang), total: formatSize(status.total, lang) })}
						<progress className="progress" max={status.total || 1} value={status.done} />
					</label>
				) : status.state === 'saved' ? (
					<p className="notice notice--success">{t('offline.savedOn', { date: formatDate(status.savedAt, lang, 'dateTime') })}</p>
				) : status.state === 'error' ? (
					<p className="notice notice--error">{t('offline.saveError')}</p>
				) : null}
			</div>
		</section>
	)
}

type Saved = { slug: string; title: string; courseUrl: string; bytes: number; savedAt: string }

export function SavedCourses({ lang }: { lang: Locale }) {
	const { t } = useTranslation('learning')
	const { user } = useRootData()
	const [saved, setSaved] = useState<Saved[] | null>(null)
	const [worker, setWorker] = useState<WorkerStatus | null>(null)
	const [titles, setTitles] = useState<Map<string, Map<string, string>>>(new Map())
	const load = async () => {
		if (!offlineSupported() || !user) return
		const { savedCourses, getMeta } = await import('#app/offline/store.ts')
		const meta = await getMeta().catch(() => null)
		const courses = meta?.owner === user.id ? await savedCourses() : []
		setSaved(courses.filter((c) => c.userId === user.id).map((c) => ({ slug: c.slug, title: c.title, courseUrl: c.courseUrl, bytes: c.bytes, savedAt: c.savedAt })))
		setTitles(new Map(courses.map((c) => [c.slug, new Map([[`course`, c.title], ...c.lessons.map((l) => [l.slug, l.title] as [string, string])])])))
		setWorker(await askWorker({ type: 'hello', userId: user.id }))
	}
	useEffect(() => {
		void load()
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [user?.id])
	if (saved === null) return null
	const remove = async (slug: string) => {
		const { removeCourse } = await import('#app/offline/courses.ts')
		await removeCourse(slug)
		await load()
	}
	const dismiss = async (id: string) => {
		const { removeQueued } = await import('#app/offline/store.ts')
		await removeQueued(id)
		await load()
	}
	const describe = (item: WorkerStatus['refused'][number]) => {
		const names = titles.get(item.event.courseSlug)
		const course = names?.get('course') ?? item.event.courseSlug
		const e = item.event
		const what =
			e.kind === 'lessonDone'
				? t('offline.whatLesson', { lesson: names?.get(e.lessonSlug) ?? e.lessonSlug })
				: e.kind === 'enrol'
					? t('offline.whatEnrol')
					: e.quizKind === 'final'
						? t('offline.whatFinal')
						: e.quizKind === 'diagnostic'
							? t('offline.whatDiagnostic')
							: t('offline.whatQuiz')
		return t('offline.refusedItem', { course, what })
	}
	return (
		<section aria-labelledby="saved-title" data-testid="offline-saved">
			<h2 id="saved-title">{t('offline.savedTitle')}</h2>
			{worker && worker.pending > 0 ? <p role="status">{t('offline.pending', { count: worker.pending })}</p> : null}
			{saved.length === 0 ? (
				<p>{t('offline.savedEmpty')}</p>
			) : (
				<ul className="cards">
					{saved.map((c) => (
						<li key={c.slug} className="card">
							<h3 className="card__title"><a href={c.courseUrl}>{c.title}</a></h3>
							<p>{t('offline.savedSize', { size: formatSize(c.bytes, lang) })}</p>
							<p>{t('offline.savedDate', { date: formatDate(c.savedAt, lang, 'dateTime') })}</p>
							<button type="button" className="button button--secondary" aria-label={t('offline.removeNamed', { title: c.title })} onClick={() => void remove(c.slug)}>
								{t('offline.remove')}
							</button>
						</li>
					))}
				</ul>
			)}
			{worker && worker.refused.length ? (
				<>
					<h3>{t('offline.refusedTitle')}</h3>
					<ul>
						{worker.refused.map((item) => (
							<li key={item.id}>
								<p>{describe(item)}</p>
								<p className="notice notice--error">{item.message}</p>
								<button type="button" className="link-button" onClick={() => void dismiss(item.id)}>{t('offline.dismiss')}</button>
							</li>
						))}
					</ul>
				</>
			) : null}
		</section>
	)
}

/**
 * In every hydrated page: tells the worker who is signed in and asks it to send what waits (on
 * load and when the network returns); without the network, links and forms load whole pages so
 * the worker answers them; before logout, a sync, and a warning while work is still unsent.
 */
export function OfflineBridge() {
	const { t } = useTranslation('learning')
	const { user } = useRootData()
	const userId = user?.id ?? null
	useEffect(() => {
		if (!offlineSupported() || !navigator.serviceWorker.controller) return
		void askWorker({ type: 'hello', userId })
		const online = () => void askWorker({ type: 'sync' })
		const click = (event: MouseEvent) => {
			if (navigator.onLine || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
			const link = event.target instanceof Element ? event.target.closest('a[href]') : null
			if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin || link.target || link.hasAttribute('download')) return
			event.preventDefault()
			location.assign(link.href)
		}
		const submit = (event: SubmitEvent) => {
			const form = event.target
			if (!(form instanceof HTMLFormElement)) return
			const logout = /\/logout$/.test(new URL(form.action, location.href).pathname)
			if (!logout && navigator.onLine) return
			event.preventDefault()
			event.stopImmediatePropagation()
			void (async () => {
				if (logout) {
					const status = await askWorker({ type: 'sync' }, 10_000)
					const left = status?.pending ?? 0
					if (left > 0 && !window.confirm(t('offline.logoutWarning', { count: left }))) return
				}
				// The form as the browser sends it without scripts, with the button that was pressed.
				const submitter = event.submitter
				if (submitter instanceof HTMLButtonElement && submitter.name) {
					const field = document.createElement('input')
					field.type = 'hidden'
					field.name = submitter.name
					field.value = submitter.value
					form.append(field)
				}
				HTMLFormElement.prototype.submit.call(form)
			})()
		}
		window.addEventListener('online', online)
		document.addEventListener('click', click, true)
		document.addEventListener('submit', submit, true)
		return () => {
			window.removeEventListener('online', online)
			document.removeEventListener('click', click, true)
			document.removeEventListener('submit', submit, true)
		}
	}, [userId, t])
	return null
}

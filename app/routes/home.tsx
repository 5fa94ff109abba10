import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useRootData } from '#app/components/site-chrome.tsx'

export default function Home() {
	const { t } = useTranslation('home')
	const { locale, user } = useRootData()
	return (
		<div className="page">
			<title>{`${t('title')} — Ortaq`}</title>
			<section className="hero" aria-labelledby="hero-title">
				<h1 id="hero-title">{t('title')}</h1>
				<p className="lead">{t('lead')}</p>
				<p className="hero__actions">
					<Link className="button" to={`/${locale}/courses`}>{t('browseCourses')}</Link>
					{user ? null : <Link className="button button--secondary" to={`/${locale}/register`}>{t('register')}</Link>}
				</p>
			</section>
			<section aria-labelledby="why-title" className="why">
				<h2 id="why-title">{t('why.title')}</h2>
				<ul className="cards">
					<li className="card"><h3>{t('why.sen.title')}</h3><p>{t('why.sen.body')}</p></li>
					<li className="card"><h3>{t('why.kazakh.title')}</h3><p>{t('why.kazakh.body')}</p></li>
					<li className="card"><h3>{t('why.gender.title')}</h3><p>{t('why.gender.body')}</p></li>
				</ul>
			</section>
		</div>
	)
}

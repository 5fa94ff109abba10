import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFetcher } from 'react-router'
import { SelectField } from '#app/components/form.tsx'
import { pick, type Locale } from '#app/modules/i18n/locales.ts'

type Place = { id: number; nameKk: string; nameRu: string }
export type PlaceLists = { regions: Place[]; districts: Place[]; schools: Place[] }

/**
 * Region → district → school. With JavaScript the next list loads on change; without it,
 * the "show" button posts the form back and the server returns the next list.
 */
export function PlacePicker({
	locale,
	lists,
	values,
	errors,
	levels = 'school',
}: {
	locale: Locale
	lists: PlaceLists
	values: { regionId?: string; districtId?: string; schoolId?: string }
	errors?: Record<string, string[] | undefined>
	levels?: 'school' | 'district'
}) {
	const { t } = useTranslation('auth')
	const fetcher = useFetcher<PlaceLists>()
	const [regionId, setRegionId] = useState(values.regionId ?? '')
	const [districtId, setDistrictId] = useState(values.districtId ?? '')
	const [hydrated, setHydrated] = useState(false)
	useEffect(() => setHydrated(true), [])
	const current = fetcher.data ?? lists
	const name = (p: Place) => pick(locale, p.nameKk, p.nameRu)

	function load(region: string, district: string) {
		const q = new URLSearchParams()
		if (region) q.set('region', region)
		if (district) q.set('district', district)
		fetcher.load(`/${locale}/places?${q}`)
	}

	return (
		<fieldset className="place-picker">
			<legend>{t('fields.place')}</legend>
			<SelectField
				label={t('fields.region')}
				name="regionId"
				value={regionId}
				errors={errors?.regionId}
				onChange={(e) => {
					setRegionId(e.target.value)
					setDistrictId('')
					load(e.target.value, '')
				}}
			>
				<option value="">{t('fields.choose')}</option>
				{current.regions.map((r) => (
					<option key={r.id} value={r.id}>{name(r)}</option>
				))}
			</SelectField>
			{hydrated ? null : (
				<button type="submit" name="intent" value="places" formNoValidate className="button button--secondary button--small">
					{t('fields.showDistricts')}
				</button>
			)}
			<SelectField
				label={t('fields.district')}
				name="districtId"
				value={districtId}
				disabled={current.districts.length === 0}
				errors={errors?.districtId}
				onChange={(e) => {
					setDistrictId(e.target.value)
					load(regionId, e.target.value)
				}}
			>
				<option value="">{current.districts.length ? t('fields.choose') : t('fields.chooseRegionFirst')}</option>
				{current.districts.map((d) => (
					<option key={d.id} value={d.id}>{name(d)}</option>
				))}
			</SelectField>
			{levels === 'school' ? (
				<>
					{hydrated ? null : (
						<button type="submit" name="intent" value="places" formNoValidate className="button button--secondary button--small">
							{t('fields.showSchools')}
						</button>
					)}
					<SelectField
						label={t('fields.school')}
						name="schoolId"
						defaultValue={values.schoolId ?? ''}
						key={`${regionId}-${districtId}`}
						disabled={current.schools.length === 0}
						errors={errors?.schoolId}
					>
						<option value="">{current.schools.length ? t('fields.choose') : t('fields.chooseDistrictFirst')}</option>
						{current.schools.map((s) => (
							<option key={s.id} value={s.id}>{name(s)}</option>
						))}
					</SelectField>
				</>
			) : null}
		</fieldset>
	)
}

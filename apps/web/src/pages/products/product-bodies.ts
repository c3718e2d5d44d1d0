import {
  type CreateProductBody,
  createProductBodySchema,
  type UpdateProductBody,
  updateProductBodySchema,
} from '@showfloor/contracts/rest';
import { optionalNumber, optionalText, validateForm } from '../../ui/validate-form.ts';

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** A new product from the form, checked by the contract (an empty name or a bad price names its field). */
export function createProductBody(form: FormData): CreateProductBody {
  return validateForm(createProductBodySchema, {
    name: text(form, 'name'),
    description: optionalText(form, 'description'),
    price: optionalNumber(form, 'price'),
    imageUrl: optionalText(form, 'imageUrl'),
  });
}

/** Every field as the form now has it; the optional ones left empty are cleared. */
export function updateProductBody(form: FormData): UpdateProductBody {
  return validateForm(updateProductBodySchema, {
    name: text(form, 'name'),
    description: optionalText(form, 'description') ?? null,
    price: optionalNumber(form, 'price'),
    imageUrl: optionalText(form, 'imageUrl') ?? null,
  });
}
